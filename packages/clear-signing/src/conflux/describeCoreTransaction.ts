/**
 * `cfx_sendTransaction` / `cfx_signTransaction` (Conflux Core): the RPC transaction object the
 * provider sends (base32 `from`/`to`, 0x quantities, `storageLimit`, `epochHeight`) or a raw Core
 * transaction (validated by @tessera/conflux's parseCoreTransaction). The call is decoded like an
 * EVM call with addresses in the session network's base32 form; gas price, fee cap and storage
 * limit are shown in CFX units; a chainId other than the session's is a danger warning.
 */
import {
  decodeBase32Address,
  encodeBase32Address,
  isBase32Address,
  parseCoreTransaction,
} from '@tessera/conflux'
import { ClearSigningError } from '../ClearSigningError.ts'
import { type DecodeContext, sortWarnings, t, warning } from '../context.ts'
import { chainInfo, chainLabel } from '../evm/chains.ts'
import { describeCall } from '../evm/describeCall.ts'
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
import { confluxNetworkId } from '../typedData/describeCip23.ts'
import type { Description, Field, Warning } from '../types.ts'

type CoreTx = {
  readonly chainId: bigint | undefined
  readonly from: string | undefined
  readonly to: `0x${string}` | undefined
  readonly value: bigint
  readonly data: `0x${string}`
  readonly gas: bigint | undefined
  readonly gasPrice: bigint | undefined
  readonly storageLimit: bigint | undefined
  readonly epochHeight: bigint | undefined
  readonly nonce: bigint | undefined
  readonly type: string
}

/** A base32 (or hex) Core address as lowercase hex; base32 for another network is refused. */
function coreAddress(value: unknown, what: string, networkId: number): `0x${string}` {
  const text = asString(value, what)
  if (/^0x[0-9a-fA-F]{40}$/.test(text)) return text.toLowerCase() as `0x${string}`
  if (!isBase32Address(text)) throw invalid(`${what} must be a CIP-37 base32 address`)
  const decoded = decodeBase32Address(text)
  if (decoded.networkId !== networkId)
    throw invalid(`${what} is an address of network ${decoded.networkId}`)
  return decoded.hexAddress.toLowerCase() as `0x${string}`
}

const TYPES: Readonly<Record<string, string>> = {
  '0x0': 'legacy',
  '0x1': 'cip2930',
  '0x2': 'cip1559',
}

function readCoreTransaction(value: unknown, networkId: number): CoreTx {
  if (typeof value === 'string') {
    const raw = asHexBytes(value, 'transaction')
    let parsed: ReturnType<typeof parseCoreTransaction>
    try {
      parsed = parseCoreTransaction(raw)
    } catch (error) {
      throw new ClearSigningError('MalformedPayload', 'The raw Core transaction does not decode.', {
        cause: error,
      })
    }
    const tx = parsed.transaction
    return {
      chainId: BigInt(tx.chainId),
      from: undefined,
      to: tx.to === null ? undefined : (tx.to.toLowerCase() as `0x${string}`),
      value: tx.value,
      data: tx.data,
      gas: tx.gas,
      gasPrice: tx.type === 'cip1559' ? tx.maxFeePerGas : tx.gasPrice,
      storageLimit: tx.storageLimit,
      epochHeight: tx.epochHeight,
      nonce: tx.nonce,
      type: tx.type,
    }
  }
  const tx = asObject(value, 'transaction')
  const maxFee = optional(tx.maxFeePerGas, asQuantity, 'maxFeePerGas')
  const declared = optional(tx.type, asString, 'type')
  const from = optional(tx.from, (v, w) => coreAddress(v, w, networkId), 'from')
  return {
    chainId: optional(tx.chainId, asQuantity, 'chainId'),
    from: from === undefined ? undefined : encodeBase32Address(from, networkId),
    to: optional(tx.to, (v, w) => coreAddress(v, w, networkId), 'to'),
    value: optional(tx.value, asQuantity, 'value') ?? 0n,
    data: optional(tx.data, asHexBytes, 'data') ?? '0x',
    gas: optional(tx.gas, asQuantity, 'gas'),
    gasPrice: maxFee ?? optional(tx.gasPrice, asQuantity, 'gasPrice'),
    storageLimit: optional(tx.storageLimit, asQuantity, 'storageLimit'),
    epochHeight: optional(tx.epochHeight, asQuantity, 'epochHeight'),
    nonce: optional(tx.nonce, asQuantity, 'nonce'),
    type:
      declared === undefined
        ? maxFee === undefined
          ? 'legacy'
          : 'cip1559'
        : (TYPES[declared] ?? 'other'),
  }
}

export function describeCoreTransaction(context: DecodeContext, params: unknown): Description {
  const networkId = confluxNetworkId(context.chainId)
  const tx = readCoreTransaction(asArray(params, 'transaction params')[0], networkId)
  const warnings: Warning[] = []
  let chainId = context.chainId
  if (tx.chainId !== undefined && `cfx:${tx.chainId}` !== context.chainId) {
    chainId = `cfx:${tx.chainId}`
    warnings.push(
      warning(context, 'ChainMismatch', 'danger', 'warning.chainMismatch', {
        requested: chainLabel(chainId),
        session: chainLabel(context.chainId),
      }),
    )
  }
  const base32 = (hex: string) => encodeBase32Address(hex, networkId)
  const call = describeCall(context, {
    chainId: context.chainId,
    family: 'cfx',
    to: tx.to,
    value: tx.value,
    data: tx.data,
    address: base32,
  })
  const native = chainInfo(context.chainId)
  const fields: Field[] = [
    ...call.fields,
    field(t(context, 'label.chain'), text(chainLabel(chainId))),
  ]
  if (tx.from !== undefined)
    fields.push(field(t(context, 'label.from'), addressValue(context, context.chainId, tx.from)))
  if (call.kind !== 'cfx.transfer') {
    fields.push(
      field(
        t(context, 'label.value'),
        amountValue(context, tx.value, native.decimals, native.symbol),
      ),
    )
  }
  if (tx.gasPrice !== undefined) {
    fields.push(
      field(
        t(context, 'label.gasPrice'),
        amountValue(context, tx.gasPrice, native.decimals, native.symbol),
      ),
    )
    if (tx.gas !== undefined) {
      fields.push(
        field(
          t(context, 'label.maxFee'),
          amountValue(context, tx.gas * tx.gasPrice, native.decimals, native.symbol),
        ),
      )
    }
  }
  if (tx.storageLimit !== undefined) {
    // Conflux storage collateral: 1 CFX per 1024 bytes (1/16 CFX per 64-byte entry).
    fields.push(
      field(
        t(context, 'label.storageLimit'),
        text(t(context, 'value.bytes', { count: tx.storageLimit.toString() })),
      ),
      field(
        t(context, 'label.maxCollateral'),
        amountValue(context, (tx.storageLimit * 10n ** 18n) / 1024n, 18, 'CFX'),
      ),
    )
  }
  if (tx.epochHeight !== undefined) {
    fields.push(field(t(context, 'label.epochHeight'), text(tx.epochHeight.toString())))
  }
  if (tx.nonce !== undefined)
    fields.push(field(t(context, 'label.nonce'), text(tx.nonce.toString())))
  fields.push(field(t(context, 'label.type'), text(tx.type)))
  return {
    kind: call.kind,
    intent: call.intent,
    chainId,
    fields,
    warnings: sortWarnings([...warnings, ...call.warnings]),
    blind: call.blind,
  }
}
