/**
 * A Solana wire transaction (legacy or v0) split into its signature slots and message bytes, and
 * the index of an account among the message's required signers; `withSignature` puts a signature
 * in its slot. Only the parts a signer needs are read: header, static account keys.
 */
import { SolanaWalletError } from './SolanaWalletError.ts'

const bad = (what: string) =>
  new SolanaWalletError('MalformedTransaction', `Malformed transaction: ${what}.`)

function shortVec(bytes: Uint8Array, at: number): [number, number] {
  let value = 0
  for (let i = 0; i < 3; i++) {
    const b = bytes[at + i]
    if (b === undefined) throw bad('truncated length')
    value |= (b & 0x7f) << (7 * i)
    if ((b & 0x80) === 0) return [value, at + i + 1]
  }
  throw bad('length too long')
}

export type WireTransaction = {
  readonly signatures: readonly Uint8Array[]
  readonly message: Uint8Array
  readonly signers: readonly Uint8Array[]
}

export function parseWireTransaction(bytes: Uint8Array): WireTransaction {
  if (!(bytes instanceof Uint8Array) || bytes.length > 1232)
    throw bad('expected at most 1232 bytes')
  const [count, start] = shortVec(bytes, 0)
  const message = bytes.subarray(start + 64 * count)
  if (count === 0 || message.length === 0) throw bad('no signatures or no message')
  const signatures = Array.from({ length: count }, (_, i) =>
    bytes.slice(start + 64 * i, start + 64 * (i + 1)),
  )
  let at = (message[0] as number) & 0x80 ? 1 : 0
  if (at === 1 && ((message[0] as number) & 0x7f) !== 0) throw bad('unknown message version')
  const required = message[at]
  if (required !== count) throw bad('signature count differs from the header')
  const [keys, keysAt] = shortVec(message, at + 3)
  at = keysAt
  if (keys < required || at + 32 * keys > message.length) throw bad('account keys')
  const signers = Array.from({ length: required }, (_, i) =>
    message.slice(at + 32 * i, at + 32 * (i + 1)),
  )
  return { signatures, message: message.slice(), signers }
}

export function signerIndex(tx: WireTransaction, publicKey: Uint8Array): number {
  const index = tx.signers.findIndex((k) => k.every((b, i) => b === publicKey[i]))
  if (index < 0) throw bad('the account is not one of its signers')
  return index
}

export function withSignature(bytes: Uint8Array, index: number, signature: Uint8Array): Uint8Array {
  const [, start] = shortVec(bytes, 0)
  const out = bytes.slice()
  out.set(signature, start + 64 * index)
  return out
}
