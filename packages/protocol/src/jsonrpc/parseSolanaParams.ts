/**
 * `parseSolanaParams(method, params)`: the strict reading of a Solana session request's params
 * (docs/CHAINS.md#solana-over-a-tessera-session), shared by the dapp side (before sending) and the
 * signer side (before anything is shown for approval). `solana_signMessage` takes
 * `[{ message: base58, pubkey: base58 }]` (1 to 2,048 bytes), `solana_signTransaction`
 * `[{ transaction: base64, pubkey: base58 }]`: canonical padded base64 of a legacy or v0 wire
 * transaction of at most 1,232 bytes (the packet size) whose every part parses, with no trailing
 * bytes, every program and account index in range, and `pubkey` one of its required signers.
 * Anything else is viem's `InvalidParamsRpcError` (-32602) naming the field; it never echoes the
 * params. Must never throw another kind of error on any input.
 */
import { base58 } from '@scure/base'
import { base64Length, base64ToBytes } from '../encoding/base64.ts'
import { RPC_ERROR_CODES } from '../errors/codes.ts'
import { type ProviderError, providerError } from '../errors/providerError.ts'

/** Largest Solana wire transaction: the packet data size (1280 − 40 − 8). */
export const MAX_SOLANA_TRANSACTION_BYTES = 1_232
/** Largest message `solana_signMessage` carries (base58 is quadratic: kept small). */
export const MAX_SOLANA_MESSAGE_BYTES = 2_048

export type SolanaParams =
  | {
      readonly method: 'solana_signMessage'
      readonly pubkey: string
      readonly publicKey: Uint8Array
      /** The bytes to sign. */
      readonly message: Uint8Array
    }
  | {
      readonly method: 'solana_signTransaction'
      readonly pubkey: string
      readonly publicKey: Uint8Array
      /** The whole wire transaction. */
      readonly transaction: Uint8Array
      /** Its message bytes: what the signature covers. */
      readonly message: Uint8Array
      /** The account's slot among the required signers. */
      readonly signerIndex: number
    }

const BASE58 = /^[1-9A-HJ-NP-Za-km-z]+$/

function bad(method: string, what: string): ProviderError {
  return providerError(RPC_ERROR_CODES.invalidParams, `${method}: ${what}.`)
}

/** Canonical base58 of 1 to `max` bytes (re-encoding gives the same text), or undefined. */
function base58Bytes(text: string, max: number): Uint8Array | undefined {
  // Base58 needs at most ⌈n·log(256)/log(58)⌉ ≤ 1.37·n + 1 characters for n bytes.
  if (text.length === 0 || text.length > Math.ceil(max * 1.37) + 1 || !BASE58.test(text))
    return undefined
  try {
    const bytes = base58.decode(text)
    return bytes.length <= max && base58.encode(bytes) === text ? bytes : undefined
  } catch {
    return undefined
  }
}

/**
 * Reads a wire transaction (the checks above); returns its message bytes and required signers,
 * or, when it does not read, the reason as a short English phrase (never throws).
 */
export function readSolanaTransaction(
  bytes: Uint8Array,
): { message: Uint8Array; signers: Uint8Array[] } | string {
  let at = 0
  const byte = (): number => {
    const b = bytes[at]
    if (b === undefined) throw 'truncated'
    at += 1
    return b
  }
  const take = (n: number): Uint8Array => {
    if (at + n > bytes.length) throw 'truncated'
    const out = bytes.subarray(at, at + n)
    at += n
    return out
  }
  // compact-u16: one to three bytes, canonical, at most 2^16 − 1.
  const shortVec = (): number => {
    let value = 0
    for (let i = 0; i < 3; i++) {
      const b = byte()
      if (i > 0 && b === 0) throw 'non-canonical length'
      value |= (b & 0x7f) << (7 * i)
      if ((b & 0x80) === 0) {
        if (value > 0xffff) throw 'length too large'
        return value
      }
    }
    throw 'length too long'
  }
  try {
    const count = shortVec()
    if (count === 0) return 'no signature slots'
    take(64 * count)
    const start = at
    let version: 'legacy' | 0 = 'legacy'
    if (((bytes[at] ?? 0) & 0x80) !== 0) {
      if (byte() !== 0x80) return 'unknown message version'
      version = 0
    }
    const required = byte()
    const readonlySigned = byte()
    const readonlyUnsigned = byte()
    if (required !== count) return 'the signature count differs from the header'
    if (readonlySigned >= required) return 'no writable signer (fee payer)'
    const keyCount = shortVec()
    if (keyCount < required || readonlyUnsigned > keyCount - required) return 'account keys'
    const keys = take(32 * keyCount)
    take(32) // recent blockhash
    const instructions: { program: number; accounts: Uint8Array }[] = []
    const instructionCount = shortVec()
    for (let i = 0; i < instructionCount; i++) {
      const program = byte()
      const accounts = take(shortVec())
      take(shortVec()) // data
      instructions.push({ program, accounts })
    }
    let loaded = 0
    if (version === 0) {
      const lookups = shortVec()
      for (let i = 0; i < lookups; i++) {
        take(32)
        loaded += take(shortVec()).length
        loaded += take(shortVec()).length
      }
    }
    if (at !== bytes.length) return 'trailing bytes'
    for (const { program, accounts } of instructions) {
      // Programs are static keys (never loaded from a lookup table) and never the fee payer.
      if (program === 0 || program >= keyCount) return 'an instruction names no program'
      if (accounts.some((index) => index >= keyCount + loaded))
        return 'an instruction names an account out of range'
    }
    const signers = Array.from({ length: required }, (_, i) => keys.slice(32 * i, 32 * (i + 1)))
    return { message: bytes.slice(start), signers }
  } catch (reason) {
    return typeof reason === 'string' ? reason : 'unreadable'
  }
}

export function parseSolanaParams(method: string, params: unknown): SolanaParams {
  if (method !== 'solana_signMessage' && method !== 'solana_signTransaction')
    throw bad('solana', 'not a Solana session method')
  if (!Array.isArray(params) || params.length !== 1)
    throw bad(method, 'expected params as an array of 1 object')
  const [request] = params as unknown[]
  if (typeof request !== 'object' || request === null || Array.isArray(request))
    throw bad(method, 'expected params as an array of 1 object')
  const field = method === 'solana_signMessage' ? 'message' : 'transaction'
  const keys = Object.keys(request)
  if (keys.length !== 2 || !keys.includes('pubkey') || !keys.includes(field))
    throw bad(method, `expected exactly { ${field}, pubkey }`)
  const { pubkey, [field]: payload } = request as Record<string, unknown>
  const publicKey = typeof pubkey === 'string' ? base58Bytes(pubkey, 32) : undefined
  if (typeof pubkey !== 'string' || publicKey?.length !== 32)
    throw bad(method, '"pubkey" expected the base58 of a 32-byte Ed25519 key')
  if (method === 'solana_signMessage') {
    const message =
      typeof payload === 'string' ? base58Bytes(payload, MAX_SOLANA_MESSAGE_BYTES) : undefined
    if (message === undefined)
      throw bad(method, `"message" expected base58 of 1 to ${MAX_SOLANA_MESSAGE_BYTES} bytes`)
    return { method, pubkey, publicKey, message }
  }
  if (
    typeof payload !== 'string' ||
    payload.length > base64Length(MAX_SOLANA_TRANSACTION_BYTES, 'standard')
  ) {
    throw bad(
      method,
      `"transaction" expected base64 of at most ${MAX_SOLANA_TRANSACTION_BYTES} bytes`,
    )
  }
  const transaction = base64ToBytes(payload, 'standard')
  if (transaction === undefined || transaction.length === 0)
    throw bad(method, '"transaction" expected canonical padded base64')
  if (transaction.length > MAX_SOLANA_TRANSACTION_BYTES) {
    throw bad(
      method,
      `"transaction" expected base64 of at most ${MAX_SOLANA_TRANSACTION_BYTES} bytes`,
    )
  }
  const read = readSolanaTransaction(transaction)
  if (typeof read === 'string') throw bad(method, `malformed transaction (${read})`)
  const signerIndex = read.signers.findIndex((key) => key.every((b, i) => b === publicKey[i]))
  if (signerIndex < 0) throw bad(method, '"pubkey" is not a required signer of the transaction')
  return { method, pubkey, publicKey, transaction, message: read.message, signerIndex }
}
