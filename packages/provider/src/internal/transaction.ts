/**
 * The transaction the dapp side fills and the signer signs (docs/CHAINS.md#evm: the dapp fills
 * nonce, gas, EIP-1559 fees and chainId from its own RPC), its RPC form for `eth_signTransaction`,
 * and the validation of what a dapp passes to `eth_sendTransaction` / `eth_signTransaction`.
 * Fields this provider cannot have signed faithfully (blobs, EIP-7702 authorizations, EIP-2930)
 * are refused, never dropped. Pure; no I/O.
 */
import { paramsArray } from '@tessera/protocol'
import { type AccessList, type Address, type Hex, numberToHex } from 'viem'
import type { ProviderContext } from './context.ts'
import {
  addressParam,
  chainIdParam,
  describe,
  hexParam,
  invalidParams,
  objectParam,
  quantityParam,
} from './params.ts'

export interface FilledTransaction {
  readonly type: 'legacy' | 'eip1559'
  readonly chainId: number
  readonly from: Address
  readonly to: Address | undefined
  readonly value: bigint
  readonly data: Hex
  readonly nonce: number
  readonly gas: bigint
  readonly gasPrice?: bigint
  readonly maxFeePerGas?: bigint
  readonly maxPriorityFeePerGas?: bigint
  readonly accessList: AccessList
}

/** What the dapp asked for, validated; missing fields are filled from the RPC. */
export type TransactionInput = Partial<Omit<FilledTransaction, 'from' | 'to' | 'type'>> & {
  readonly from: Address
  readonly to: Address | undefined
  readonly type: FilledTransaction['type'] | undefined
}

const KNOWN = new Set([
  'from',
  'to',
  'value',
  'data',
  'input',
  'gas',
  'nonce',
  'gasPrice',
  'maxFeePerGas',
  'maxPriorityFeePerGas',
  'type',
  'chainId',
  'accessList',
])

export function readTransactionInput(
  context: ProviderContext,
  method: string,
  params: unknown,
): TransactionInput {
  const [first] = paramsArray(method, params, 1)
  const tx = objectParam(method, first, 'the transaction')
  for (const key of Object.keys(tx)) {
    if (!KNOWN.has(key) && tx[key] !== undefined && tx[key] !== null) {
      throw invalidParams(method, `the field ${describe(key)} is not supported by this wallet.`)
    }
  }
  const from = context.account(method, tx.from, 'from')
  const to = tx.to === undefined || tx.to === null ? undefined : addressParam(method, tx.to, 'to')
  const data = tx.data ?? tx.input
  if (tx.data !== undefined && tx.input !== undefined && tx.data !== tx.input) {
    throw invalidParams(method, 'data and input differ; pass one of them.')
  }
  const chainId = optional(tx.chainId, (v) => chainIdParam(method, v))
  if (chainId !== undefined && chainId !== context.chainId()) {
    throw invalidParams(
      method,
      `chainId ${numberToHex(chainId)} is not the current chain ${numberToHex(context.chainId())}; switch first (wallet_switchEthereumChain).`,
    )
  }
  const nonce = optional(tx.nonce, (v) => quantityParam(method, v, 'nonce'))
  if (nonce !== undefined && nonce > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw invalidParams(method, 'nonce is too large.')
  }
  const type = optional(tx.type, (v) => {
    if (v === '0x0') return 'legacy' as const
    if (v === '0x2') return 'eip1559' as const
    throw invalidParams(method, `type must be "0x0" or "0x2", got ${describe(v)}.`)
  })
  const gasPrice = optional(tx.gasPrice, (v) => quantityParam(method, v, 'gasPrice'))
  const maxFeePerGas = optional(tx.maxFeePerGas, (v) => quantityParam(method, v, 'maxFeePerGas'))
  const maxPriorityFeePerGas = optional(tx.maxPriorityFeePerGas, (v) =>
    quantityParam(method, v, 'maxPriorityFeePerGas'),
  )
  const dynamic = maxFeePerGas !== undefined || maxPriorityFeePerGas !== undefined
  if (gasPrice !== undefined && (dynamic || type === 'eip1559')) {
    throw invalidParams(method, 'gasPrice cannot be combined with EIP-1559 fees.')
  }
  if (dynamic && type === 'legacy') {
    throw invalidParams(method, 'a legacy (type 0x0) transaction has gasPrice, not EIP-1559 fees.')
  }
  if (
    maxFeePerGas !== undefined &&
    maxPriorityFeePerGas !== undefined &&
    maxPriorityFeePerGas > maxFeePerGas
  ) {
    throw invalidParams(method, 'maxPriorityFeePerGas cannot exceed maxFeePerGas.')
  }
  const accessList = optional(tx.accessList, (v) => readAccessList(method, v))
  if (
    accessList !== undefined &&
    accessList.length > 0 &&
    (type === 'legacy' || gasPrice !== undefined)
  ) {
    throw invalidParams(method, 'an access list needs an EIP-1559 (type 0x2) transaction.')
  }
  return {
    from,
    to,
    type: type ?? (gasPrice !== undefined ? 'legacy' : dynamic ? 'eip1559' : undefined),
    ...defined(
      'value',
      optional(tx.value, (v) => quantityParam(method, v, 'value')),
    ),
    ...defined(
      'data',
      optional(data, (v) => hexParam(method, v, 'data')),
    ),
    ...defined('chainId', chainId),
    ...defined('nonce', nonce === undefined ? undefined : Number(nonce)),
    ...defined(
      'gas',
      optional(tx.gas, (v) => quantityParam(method, v, 'gas')),
    ),
    ...defined('gasPrice', gasPrice),
    ...defined('maxFeePerGas', maxFeePerGas),
    ...defined('maxPriorityFeePerGas', maxPriorityFeePerGas),
    ...defined('accessList', accessList),
  }
}

/** The RPC form sent to the signer in `eth_signTransaction` (hex quantities, `type`, `chainId`). */
export function toRpcTransaction(tx: FilledTransaction): Record<string, unknown> {
  return {
    type: tx.type === 'eip1559' ? '0x2' : '0x0',
    chainId: numberToHex(tx.chainId),
    from: tx.from,
    ...(tx.to === undefined ? {} : { to: tx.to }),
    value: numberToHex(tx.value),
    data: tx.data,
    nonce: numberToHex(tx.nonce),
    gas: numberToHex(tx.gas),
    ...(tx.type === 'eip1559'
      ? {
          maxFeePerGas: numberToHex(tx.maxFeePerGas ?? 0n),
          maxPriorityFeePerGas: numberToHex(tx.maxPriorityFeePerGas ?? 0n),
        }
      : { gasPrice: numberToHex(tx.gasPrice ?? 0n) }),
    ...(tx.accessList.length > 0 ? { accessList: tx.accessList } : {}),
  }
}

function readAccessList(method: string, value: unknown): AccessList {
  if (!Array.isArray(value) || value.length > 256) {
    throw invalidParams(method, 'accessList must be an array of { address, storageKeys }.')
  }
  return value.map((entry) => {
    const item = objectParam(method, entry, 'an accessList entry')
    const keys = item.storageKeys
    if (!Array.isArray(keys) || keys.length > 1024) {
      throw invalidParams(method, 'accessList storageKeys must be an array of 32-byte hex values.')
    }
    return {
      address: addressParam(method, item.address, 'accessList address'),
      storageKeys: keys.map((key) => {
        const hex = hexParam(method, key, 'accessList storage key')
        if (hex.length !== 66) throw invalidParams(method, 'accessList storage keys are 32 bytes.')
        return hex
      }),
    }
  })
}

function optional<T>(value: unknown, read: (value: unknown) => T): T | undefined {
  return value === undefined || value === null ? undefined : read(value)
}

function defined<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }
}
