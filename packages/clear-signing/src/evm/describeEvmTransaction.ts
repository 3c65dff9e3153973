/**
 * `eth_sendTransaction` / `eth_signTransaction`: the transaction object a dapp sends (or a
 * serialized legacy / EIP-2930 / EIP-1559 transaction) validated, its call described, and the
 * transaction's own facts added: chain name and id, sender, value, fee cap in native units, nonce,
 * type. A `chainId` in the transaction that differs from the session's is a danger warning.
 */
import { getAddress, isAddress, parseTransaction } from 'viem'
import { ClearSigningError } from '../ClearSigningError.ts'
import { type DecodeContext, sortWarnings, t, warning } from '../context.ts'
import { addressValue, amountValue, field, text } from '../format/fields.ts'
import {
  asArray,
  asHexBytes,
  asObject,
  asQuantity,
  asString,
  invalid,
  optional,
} from '../params.ts'
import type { Description, Field, Warning } from '../types.ts'
import { chainInfo, chainLabel } from './chains.ts'
import { describeCall } from './describeCall.ts'

export type EvmTransaction = {
  readonly chainId: bigint | undefined
  readonly from: string | undefined
  readonly to: `0x${string}` | undefined
  readonly value: bigint
  readonly data: `0x${string}`
  readonly gas: bigint | undefined
  readonly feeCap: bigint | undefined
  readonly nonce: bigint | undefined
  readonly type: 'legacy' | 'eip2930' | 'eip1559' | 'other'
}

function asAddress(value: unknown, what: string): `0x${string}` {
  const text = asString(value, what)
  if (!isAddress(text, { strict: false })) throw invalid(`${what} must be a 20-byte 0x address`)
  return getAddress(text)
}

const TYPES: Readonly<Record<string, EvmTransaction['type']>> = {
  '0x0': 'legacy',
  '0x00': 'legacy',
  '0x1': 'eip2930',
  '0x01': 'eip2930',
  '0x2': 'eip1559',
  '0x02': 'eip1559',
}

export function readEvmTransaction(value: unknown): EvmTransaction {
  if (typeof value === 'string') {
    const hex = asHexBytes(value, 'transaction')
    let parsed: ReturnType<typeof parseTransaction>
    try {
      parsed = parseTransaction(hex)
    } catch (error) {
      throw new ClearSigningError(
        'MalformedPayload',
        'The serialized transaction does not decode.',
        { cause: error },
      )
    }
    const type =
      parsed.type === 'legacy' || parsed.type === 'eip2930' || parsed.type === 'eip1559'
        ? parsed.type
        : 'other'
    return {
      chainId: parsed.chainId === undefined ? undefined : BigInt(parsed.chainId),
      from: undefined,
      to: parsed.to === undefined || parsed.to === null ? undefined : getAddress(parsed.to),
      value: parsed.value ?? 0n,
      data: parsed.data ?? '0x',
      gas: parsed.gas,
      feeCap:
        'maxFeePerGas' in parsed && parsed.maxFeePerGas !== undefined
          ? parsed.maxFeePerGas
          : parsed.gasPrice,
      nonce: parsed.nonce === undefined ? undefined : BigInt(parsed.nonce),
      type,
    }
  }
  const tx = asObject(value, 'transaction')
  const data = optional(tx.data ?? tx.input, asHexBytes, 'transaction data') ?? '0x'
  const maxFee = optional(tx.maxFeePerGas, asQuantity, 'maxFeePerGas')
  const gasPrice = optional(tx.gasPrice, asQuantity, 'gasPrice')
  const declared = optional(tx.type, asString, 'type')
  const type =
    declared !== undefined
      ? (TYPES[declared.toLowerCase()] ?? 'other')
      : maxFee !== undefined
        ? 'eip1559'
        : tx.accessList !== undefined
          ? 'eip2930'
          : 'legacy'
  return {
    chainId: optional(tx.chainId, asQuantity, 'chainId'),
    from: optional(tx.from, asAddress, 'from'),
    to: optional(tx.to, asAddress, 'to'),
    value: optional(tx.value, asQuantity, 'value') ?? 0n,
    data,
    gas: optional(tx.gas ?? tx.gasLimit, asQuantity, 'gas'),
    feeCap: maxFee ?? gasPrice,
    nonce: optional(tx.nonce, asQuantity, 'nonce'),
    type,
  }
}

export function describeEvmTransaction(context: DecodeContext, params: unknown): Description {
  if (!context.chainId.startsWith('eip155:')) {
    throw new ClearSigningError('UnsupportedChain', 'EVM transactions need an eip155 session.')
  }
  const tx = readEvmTransaction(asArray(params, 'transaction params')[0])
  const warnings: Warning[] = []
  let chainId = context.chainId
  if (tx.chainId !== undefined && `eip155:${tx.chainId}` !== context.chainId) {
    chainId = `eip155:${tx.chainId}`
    warnings.push(
      warning(context, 'ChainMismatch', 'danger', 'warning.chainMismatch', {
        requested: chainLabel(chainId),
        session: chainLabel(context.chainId),
      }),
    )
  }
  const call = describeCall(context, {
    chainId,
    family: 'evm',
    to: tx.to,
    value: tx.value,
    data: tx.data,
    address: (hex) => getAddress(hex),
    ...(tx.from === undefined ? {} : { from: tx.from }),
  })
  return {
    kind: call.kind,
    intent: call.intent,
    chainId,
    fields: [
      ...call.fields,
      ...transactionFields(context, chainId, tx, call.kind !== 'evm.transfer'),
    ],
    warnings: sortWarnings([...warnings, ...call.warnings]),
    blind: call.blind,
  }
}

function transactionFields(
  context: DecodeContext,
  chainId: string,
  tx: EvmTransaction,
  showValue: boolean,
): Field[] {
  const native = chainInfo(chainId)
  const fields: Field[] = [field(t(context, 'label.chain'), text(chainLabel(chainId)))]
  if (tx.from !== undefined)
    fields.push(field(t(context, 'label.from'), addressValue(context, chainId, tx.from)))
  if (showValue) {
    fields.push(
      field(
        t(context, 'label.value'),
        amountValue(context, tx.value, native.decimals, native.symbol),
      ),
    )
  }
  if (tx.gas !== undefined && tx.feeCap !== undefined) {
    fields.push(
      field(
        t(context, 'label.maxFee'),
        amountValue(context, tx.gas * tx.feeCap, native.decimals, native.symbol),
      ),
    )
  }
  if (tx.nonce !== undefined)
    fields.push(field(t(context, 'label.nonce'), text(tx.nonce.toString())))
  fields.push(field(t(context, 'label.type'), text(tx.type)))
  return fields
}
