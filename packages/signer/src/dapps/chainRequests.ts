/**
 * The non-EVM requests a dapp session may carry, checked like EVM ones (`prepareRequest` calls
 * these after the method, size and chain checks): Conflux Core on `cfx:<id>` chains —
 * `personal_sign` (Conflux's prefix), `cfx_signTypedData_v4` (CIP-23) and `cfx_signTransaction`
 * (a filled Core transaction in RPC form; the dapp side fills and broadcasts it, so
 * `cfx_sendTransaction` never reaches the signer, docs/CHAINS.md#conflux-core-space) — and
 * Solana's `solana_signTransaction` (`{ transaction }`, base64 wire bytes as WalletConnect sends
 * them; the granted account must be one of its required signers). Each returns the account it
 * acts for and the signing to run on approval; the signer verifies every signature before it is
 * sent. Throws only `providerError`s.
 */
import { base58, base64 } from '@scure/base'
import {
  type Cip23TypedData,
  type CoreAccessList,
  type CoreTransaction,
  decodeBase32Address,
  hashCip23TypedData,
  serializeCoreTransaction,
} from '@tessera/conflux'
import { type JsonValue, providerError, RPC_ERROR_CODES } from '@tessera/protocol'
import type { Hex } from 'viem'
import type { GrantedAccount } from './grantedAccounts.ts'
import type { SessionSigner } from './signRequest.ts'

type Own = (address: unknown) => GrantedAccount
type Prepared = { readonly account: GrantedAccount; readonly execute: () => Promise<JsonValue> }

const invalid = (message: string): Error => providerError(RPC_ERROR_CODES.invalidParams, message)
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** A base32 Core address → `<networkId>:<hex>` (the form grants are compared in), or undefined. */
export function coreKey(address: unknown): string | undefined {
  if (typeof address !== 'string') return undefined
  try {
    const { hexAddress, networkId } = decodeBase32Address(address.toLowerCase())
    return `${networkId}:${hexAddress.toLowerCase()}`
  } catch {
    return undefined
  }
}

export function prepareConfluxRequest(
  method: string,
  params: unknown,
  networkId: number,
  signer: SessionSigner,
  own: Own,
): Prepared {
  if (!Array.isArray(params)) throw invalid('params must be an array')
  switch (method) {
    case 'personal_sign': {
      const [message, address] = params
      if (typeof message !== 'string') throw invalid('personal_sign: the message must be a string')
      const account = own(address)
      return { account, execute: () => signer.conflux.signMessage(account.index, message) }
    }
    case 'cfx_signTypedData_v4': {
      const [address, data] = params
      const account = own(address)
      let typedData: unknown = data
      if (typeof data === 'string') {
        try {
          typedData = JSON.parse(data)
        } catch {
          throw invalid('cfx_signTypedData_v4: the typed data is not JSON')
        }
      }
      try {
        hashCip23TypedData(typedData as Cip23TypedData)
      } catch (cause) {
        throw providerError(
          RPC_ERROR_CODES.invalidParams,
          `cfx_signTypedData_v4: the typed data is malformed (${shortOf(cause)}).`,
          { cause },
        )
      }
      return {
        account,
        execute: () => signer.conflux.signTypedData(account.index, typedData as Cip23TypedData),
      }
    }
    case 'cfx_signTransaction': {
      const [request] = params
      if (!isObject(request))
        throw invalid('cfx_signTransaction: the transaction must be an object')
      const account = own(request.from)
      const transaction = readCoreTransaction(request)
      if (transaction.chainId !== networkId) {
        throw invalid(
          `cfx_signTransaction: the transaction is for chain ${transaction.chainId}, the request for cfx:${networkId}.`,
        )
      }
      return { account, execute: () => signer.conflux.signTransaction(account.index, transaction) }
    }
    default:
      throw providerError(
        RPC_ERROR_CODES.unsupportedMethod,
        `The wallet does not support "${method}" on cfx:${networkId}.`,
      )
  }
}

const QUANTITY = /^0x(0|[1-9a-f][0-9a-f]{0,63})$/i

/** `cfx_signTransaction`'s param (RPC form, every field filled) → a Core transaction. */
function readCoreTransaction(request: Record<string, unknown>): CoreTransaction {
  const quantity = (name: string): bigint => {
    const value = request[name]
    if (typeof value !== 'string' || !QUANTITY.test(value)) {
      throw invalid(`cfx_signTransaction: "${name}" must be a hex quantity`)
    }
    return BigInt(value)
  }
  const hexAddress = (value: unknown, name: string): Hex => {
    if (typeof value !== 'string') throw invalid(`cfx_signTransaction: "${name}" must be base32`)
    try {
      return decodeBase32Address(value.toLowerCase()).hexAddress
    } catch {
      throw invalid(`cfx_signTransaction: "${name}" is not a Core address`)
    }
  }
  const data = request.data ?? '0x'
  if (typeof data !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(data)) {
    throw invalid('cfx_signTransaction: "data" must be hex bytes')
  }
  const chainId = Number(quantity('chainId'))
  const common = {
    nonce: quantity('nonce'),
    gas: quantity('gas'),
    to: request.to === null || request.to === undefined ? null : hexAddress(request.to, 'to'),
    value: quantity('value'),
    storageLimit: quantity('storageLimit'),
    epochHeight: quantity('epochHeight'),
    chainId,
    data: data as Hex,
  }
  const accessList = (): CoreAccessList => {
    const list = request.accessList ?? []
    if (!Array.isArray(list)) throw invalid('cfx_signTransaction: "accessList" must be an array')
    return list.map((entry: unknown, i) => {
      if (!isObject(entry) || !Array.isArray(entry.storageKeys)) {
        throw invalid(`cfx_signTransaction: accessList[${i}] is malformed`)
      }
      const keys = entry.storageKeys
      if (!keys.every((k) => typeof k === 'string' && /^0x[0-9a-fA-F]{64}$/.test(k))) {
        throw invalid(`cfx_signTransaction: accessList[${i}].storageKeys must be 32-byte hex`)
      }
      return { address: hexAddress(entry.address, `accessList[${i}].address`), storageKeys: keys }
    })
  }
  const type = request.type ?? '0x0'
  let transaction: CoreTransaction
  if (type === '0x2') {
    transaction = {
      type: 'cip1559',
      ...common,
      maxFeePerGas: quantity('maxFeePerGas'),
      maxPriorityFeePerGas: quantity('maxPriorityFeePerGas'),
      accessList: accessList(),
    }
  } else if (type === '0x1') {
    transaction = {
      type: 'cip2930',
      ...common,
      gasPrice: quantity('gasPrice'),
      accessList: accessList(),
    }
  } else if (type === '0x0') {
    transaction = { type: 'legacy', ...common, gasPrice: quantity('gasPrice') }
  } else {
    throw invalid('cfx_signTransaction: "type" must be 0x0, 0x1 or 0x2')
  }
  try {
    serializeCoreTransaction(transaction)
  } catch (cause) {
    throw providerError(
      RPC_ERROR_CODES.invalidParams,
      `cfx_signTransaction: the transaction is malformed (${shortOf(cause)}).`,
      { cause },
    )
  }
  return transaction
}

/**
 * `solana_signTransaction` `{ transaction }` (base64 wire bytes, legacy or v0) → `{ signature,
 * transaction }`: the granted account signs the message at its required-signer slot, declared to
 * the co-signer as a transaction on `chainId`.
 */
export function prepareSolanaTransaction(
  params: unknown,
  signer: SessionSigner,
  granted: readonly GrantedAccount[],
  chainId: string,
): Prepared {
  const text = isObject(params) ? params.transaction : undefined
  if (typeof text !== 'string') throw invalid('solana_signTransaction: { transaction } expected')
  let wire: Uint8Array
  try {
    wire = base64.decode(text)
  } catch {
    throw invalid('solana_signTransaction: the transaction is not base64')
  }
  const parsed = readSolanaWire(wire)
  const grantedKeys = new Set(granted.map((a) => a.address))
  const slot = parsed.signers.findIndex((key) => grantedKeys.has(key))
  const account = granted.find((a) => a.address === parsed.signers[slot])
  if (account === undefined) {
    throw providerError(
      RPC_ERROR_CODES.unauthorized,
      'The transaction needs no signature of an account this dapp was granted.',
    )
  }
  return {
    account,
    execute: async () => {
      // Signed as a transaction on `chainId`: the co-signer's policy reads its instructions.
      const signature = await signer.solana.signMessage(account.index, parsed.message, { chainId })
      const signed = wire.slice()
      signed.set(signature, parsed.signaturesOffset + 64 * slot)
      return { signature: base58.encode(signature), transaction: base64.encode(signed) }
    },
  }
}

/** Reads a transaction's signature slots and its message's required signers. */
function readSolanaWire(wire: Uint8Array): {
  signaturesOffset: number
  message: Uint8Array
  signers: string[]
} {
  const bad = (): Error => invalid('solana_signTransaction: the transaction is malformed')
  let at = 0
  const compactU16 = (): number => {
    let value = 0
    for (let shift = 0; shift < 21; shift += 7) {
      const byte = wire[at++]
      if (byte === undefined) throw bad()
      value |= (byte & 0x7f) << shift
      if ((byte & 0x80) === 0) return value
    }
    throw bad()
  }
  const slots = compactU16()
  const signaturesOffset = at
  at += 64 * slots
  if (slots === 0 || at >= wire.length) throw bad()
  const message = wire.subarray(at)
  if (((wire[at] as number) & 0x80) !== 0) {
    if (((wire[at] as number) & 0x7f) !== 0) throw bad() // only v0 is known
    at += 1
  }
  const required = wire[at]
  at += 3
  const keys = compactU16()
  if (required === undefined || required !== slots || keys < required) throw bad()
  if (at + 32 * keys > wire.length) throw bad()
  const signers: string[] = []
  for (let i = 0; i < required; i++)
    signers.push(base58.encode(wire.subarray(at + 32 * i, at + 32 * i + 32)))
  return { signaturesOffset, message, signers }
}

function shortOf(error: unknown): string {
  const e = error as { shortMessage?: unknown; message?: unknown }
  const text = typeof e?.shortMessage === 'string' ? e.shortMessage : String(e?.message ?? error)
  return text.split('\n')[0]?.slice(0, 200) ?? 'unknown error'
}
