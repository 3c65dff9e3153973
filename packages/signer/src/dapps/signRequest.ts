/**
 * `prepareRequest`: a dapp's request checked against its session before anyone sees it, and the
 * signing it asks for ready to run on approval. In order: method (4200), size (-32602), chain
 * outside the grants (4902), a method of another chain family (4200), parameters (-32602), the
 * account it names outside the grants (4100). EVM here; Conflux Core (`cfx:<id>`) and Solana
 * transactions in `chainRequests.ts`.
 * The signer's methods verify every signature under the account's key before returning it, so an
 * approved answer is verified before it is sent. `eth_sendTransaction` (WalletConnect only) is
 * filled from the chain's RPC here, so the description shows the filled fee, and broadcast after
 * signing. Throws only `providerError`s: they are the dapp's answer.
 */
import { base58 } from '@scure/base'
import {
  type JsonValue,
  parseSolanaParams,
  providerError,
  RPC_ERROR_CODES,
} from '@tessera/protocol'
import {
  type Hex,
  hashTypedData,
  isHex,
  serializeTransaction,
  type TransactionSerializable,
  type TypedDataDefinition,
} from 'viem'
import { parseRpcTransaction } from '../embedded/parseRpcTransaction.ts'
import type { OriginSigner, WalletSigner } from '../engine/walletSigner.ts'
import { coreKey, prepareConfluxRequest, prepareSolanaTransaction } from './chainRequests.ts'
import type { GrantedAccount, GrantedAccounts } from './grantedAccounts.ts'

/** The part of `walletSigner` the dapp side signs with; `forDapp` binds a session's origin. */
export type DappSigner = Pick<
  WalletSigner,
  'account' | 'signMessage' | 'signTypedData' | 'signTransaction' | 'solana' | 'conflux' | 'forDapp'
>

/** The signer of one dapp session: its requests name the session's origin (originSigner.ts). */
export type SessionSigner = Pick<
  OriginSigner,
  'account' | 'signMessage' | 'signTypedData' | 'signTransaction' | 'solana' | 'conflux'
>

/** Fills and broadcasts `eth_sendTransaction` through the chain's RPC (WalletConnect mode). */
export interface TransactionSender {
  fill(
    transaction: Readonly<Record<string, unknown>>,
    from: Hex,
    chainId: number,
  ): Promise<TransactionSerializable>
  broadcast(chainId: number, signed: Hex): Promise<Hex>
}

export type RequestInput = {
  readonly method: string
  readonly params: unknown
  readonly chainId: string
}

export type PreparedRequest = {
  readonly method: string
  readonly chainId: string
  readonly account: GrantedAccount
  /** What the decoder describes (for `eth_sendTransaction`: the filled transaction). */
  readonly describeParams: unknown
  readonly execute: () => Promise<JsonValue>
}

/** Default limit on a request's JSON parameters. */
export const MAX_REQUEST_PARAMS_BYTES = 32_768

export const SIGNING_METHODS = [
  'personal_sign',
  'eth_signTypedData_v4',
  'eth_signTransaction',
  'eth_sendTransaction',
  'cfx_signTypedData_v4',
  'cfx_signTransaction',
  'solana_signMessage',
  'solana_signTransaction',
] as const

/** The methods answered on each chain family (the chain's CAIP-2 namespace). */
const FAMILY_METHODS: Readonly<Record<string, readonly string[]>> = {
  eip155: ['personal_sign', 'eth_signTypedData_v4', 'eth_signTransaction', 'eth_sendTransaction'],
  cfx: ['personal_sign', 'cfx_signTypedData_v4', 'cfx_signTransaction'],
  solana: ['solana_signMessage', 'solana_signTransaction'],
}

const invalid = (message: string): Error => providerError(RPC_ERROR_CODES.invalidParams, message)

export async function prepareRequest(
  request: RequestInput,
  context: {
    readonly signer: SessionSigner
    readonly granted: GrantedAccounts
    readonly sender?: TransactionSender
    readonly maxParamsBytes?: number
  },
): Promise<PreparedRequest> {
  const { method, chainId } = request
  const { signer, sender } = context
  if (
    !(SIGNING_METHODS as readonly string[]).includes(method) ||
    (method === 'eth_sendTransaction' && sender === undefined)
  ) {
    throw providerError(
      RPC_ERROR_CODES.unsupportedMethod,
      /^[a-z][a-z0-9]*_[A-Za-z0-9_]{1,60}$/.test(method)
        ? `The wallet does not support "${method}".`
        : 'The wallet does not support this method.',
    )
  }
  const size = new TextEncoder().encode(JSON.stringify(request.params ?? null)).length
  const limit = context.maxParamsBytes ?? MAX_REQUEST_PARAMS_BYTES
  if (size > limit) {
    throw invalid(`The request parameters are ${size} bytes; the wallet accepts at most ${limit}.`)
  }
  const accounts = context.granted[chainId]
  if (accounts === undefined) {
    throw providerError(
      RPC_ERROR_CODES.unrecognizedChain,
      `Chain ${chainId} is not one of the chains this dapp was granted.`,
    )
  }
  const family = chainId.slice(0, chainId.indexOf(':'))
  if (!(FAMILY_METHODS[family] ?? []).includes(method)) {
    throw providerError(
      RPC_ERROR_CODES.unsupportedMethod,
      `The wallet does not support "${method}" on ${chainId}.`,
    )
  }
  // Core addresses compare by network and hex (base32 may carry a type field or another case).
  const key = (address: string): string | undefined =>
    family === 'cfx' ? coreKey(address) : address.toLowerCase()
  const own = (address: unknown): GrantedAccount => {
    if (typeof address !== 'string') throw invalid('the account must be an address string')
    const wanted = key(address)
    const found = accounts.find((a) => wanted !== undefined && key(a.address) === wanted)
    if (found === undefined) {
      throw providerError(
        RPC_ERROR_CODES.unauthorized,
        'The account is not one this dapp was granted.',
      )
    }
    return found
  }
  if (method === 'solana_signMessage') {
    return prepareSolanaMessage(solanaParams(method, request.params), signer, own, {
      method,
      chainId,
    })
  }
  if (method === 'solana_signTransaction') {
    const params = solanaParams(method, request.params)
    // A Tessera session names the signing account (`pubkey`): only it may sign.
    const signers = Array.isArray(request.params) ? [own(params.pubkey)] : accounts
    const prepared = prepareSolanaTransaction(params, signer, signers, chainId)
    return { method, chainId, describeParams: request.params, ...prepared }
  }
  if (family === 'cfx') {
    const networkId = Number(chainId.slice('cfx:'.length))
    const prepared = prepareConfluxRequest(method, request.params, networkId, signer, own)
    return { method, chainId, describeParams: request.params, ...prepared }
  }
  const chainNumber = Number(chainId.slice('eip155:'.length))
  const params = Array.isArray(request.params) ? request.params : undefined
  if (params === undefined) throw invalid('params must be an array')
  const base = { method, chainId, describeParams: params }

  switch (method) {
    case 'personal_sign': {
      const [message, address] = params
      if (typeof message !== 'string') throw invalid('personal_sign: the message must be a string')
      const account = own(address)
      const signable = isHex(message) ? { raw: message } : message
      return {
        ...base,
        account,
        execute: () => signer.signMessage(account.index, signable),
      }
    }
    case 'eth_signTypedData_v4': {
      const [address, data] = params
      const account = own(address)
      const typedData = parseTypedData(data)
      return {
        ...base,
        account,
        execute: () => signer.signTypedData(account.index, typedData),
      }
    }
    case 'eth_signTransaction': {
      const [tx] = params
      const account = own(isObject(tx) ? tx.from : undefined)
      const transaction = parseRpcTransaction(tx, chainNumber)
      checkSerializable(transaction)
      return {
        ...base,
        account,
        execute: () => signer.signTransaction(account.index, transaction),
      }
    }
    default: {
      // eth_sendTransaction, with a sender (checked above).
      const send = sender as TransactionSender
      const [tx] = params
      if (!isObject(tx)) throw invalid('eth_sendTransaction: the transaction must be an object')
      const account = own(tx.from)
      let transaction: TransactionSerializable
      try {
        transaction = await send.fill(tx, account.address as Hex, chainNumber)
      } catch (cause) {
        throw providerError(
          RPC_ERROR_CODES.invalidParams,
          `eth_sendTransaction: the transaction could not be filled (${shortOf(cause)}).`,
          { cause },
        )
      }
      checkSerializable(transaction)
      return {
        ...base,
        account,
        describeParams: [{ ...toRpc(transaction), from: account.address }],
        execute: async () => {
          const signed = await signer.signTransaction(account.index, transaction)
          return send.broadcast(chainNumber, signed)
        },
      }
    }
  }
}

/**
 * A Solana request's params object: a Tessera session sends `[{ message | transaction, pubkey }]`
 * (docs/CHAINS.md#solana-over-a-tessera-session), read strictly by `parseSolanaParams` first;
 * WalletConnect sends the object itself.
 */
function solanaParams(
  method: 'solana_signMessage' | 'solana_signTransaction',
  params: unknown,
): Record<string, unknown> {
  if (!Array.isArray(params)) return isObject(params) ? params : {}
  parseSolanaParams(method, params)
  return params[0] as Record<string, unknown>
}

/**
 * `solana_signMessage`: `{ message, pubkey }` in base58 (either form, `solanaParams`) →
 * `{ signature }`; text messages only.
 */
function prepareSolanaMessage(
  params: unknown,
  signer: SessionSigner,
  own: (address: unknown) => GrantedAccount,
  base: { readonly method: string; readonly chainId: string },
): PreparedRequest {
  if (!isObject(params) || typeof params.message !== 'string') {
    throw invalid('solana_signMessage: { message, pubkey } expected')
  }
  const account = own(params.pubkey)
  let message: Uint8Array
  try {
    message = base58.decode(params.message)
  } catch {
    throw invalid('solana_signMessage: the message is not base58')
  }
  // Only readable text: a transaction message starts with binary header bytes, and signing one
  // "as a message" would authorise the transaction.
  const control = (b: number): boolean =>
    (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(message)
  } catch {
    throw invalid('solana_signMessage: only UTF-8 text messages are signed')
  }
  if (message.length === 0 || message.some(control)) {
    throw invalid('solana_signMessage: only UTF-8 text messages are signed')
  }
  return {
    ...base,
    account,
    describeParams: params,
    execute: async () => ({
      signature: base58.encode(await signer.solana.signMessage(account.index, message)),
    }),
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function shortOf(error: unknown): string {
  const e = error as { shortMessage?: unknown; message?: unknown }
  const text = typeof e?.shortMessage === 'string' ? e.shortMessage : String(e?.message ?? error)
  return text.split('\n')[0]?.slice(0, 200) ?? 'unknown error'
}

function parseTypedData(data: unknown): TypedDataDefinition {
  let value: unknown = data
  if (typeof data === 'string') {
    try {
      value = JSON.parse(data)
    } catch {
      throw invalid('eth_signTypedData_v4: the typed data is not JSON')
    }
  }
  if (
    !isObject(value) ||
    !isObject(value.types) ||
    typeof value.primaryType !== 'string' ||
    !isObject(value.message)
  ) {
    throw invalid('eth_signTypedData_v4: types, primaryType and message are required')
  }
  const typedData = value as unknown as TypedDataDefinition
  try {
    hashTypedData(typedData)
  } catch (cause) {
    throw providerError(
      RPC_ERROR_CODES.invalidParams,
      `eth_signTypedData_v4: the typed data is malformed (${shortOf(cause)}).`,
      { cause },
    )
  }
  return typedData
}

function checkSerializable(transaction: TransactionSerializable): void {
  try {
    serializeTransaction(transaction)
  } catch (cause) {
    throw providerError(
      RPC_ERROR_CODES.invalidParams,
      `The transaction is malformed (${shortOf(cause)}).`,
      { cause },
    )
  }
}

const hex = (value: bigint | number | undefined): string | undefined =>
  value === undefined ? undefined : `0x${value.toString(16)}`

/** The filled transaction in JSON-RPC form, for the decoder. */
function toRpc(tx: TransactionSerializable): Record<string, string> {
  const out: Record<string, string | undefined> = {
    chainId: hex(tx.chainId),
    nonce: hex(tx.nonce),
    gas: hex(tx.gas),
    to: tx.to ?? undefined,
    value: hex(tx.value ?? 0n),
    data: tx.data,
    maxFeePerGas: hex(tx.maxFeePerGas),
    maxPriorityFeePerGas: hex(tx.maxPriorityFeePerGas),
    gasPrice: hex(tx.gasPrice),
  }
  return Object.fromEntries(
    Object.entries(out).filter((e): e is [string, string] => e[1] !== undefined),
  )
}
