/**
 * `did:key` identifiers for Ed25519 keys: `did:key:z<base58btc(0xed 0x01 ‖ public key)>`
 * (multicodec ed25519-pub, varint 0xed01). The relay uses the DID as the client's identity.
 * Never accepts a key of another type or length.
 */
import { base58Decode, base58Encode } from './base58.ts'

const PREFIX = 'did:key:z'
const MULTICODEC_ED25519 = [0xed, 0x01] as const

/** Returns the 32-byte Ed25519 public key of a `did:key`, or throws with the precise reason. */
export function decodeDidKey(did: string): Uint8Array {
  if (!did.startsWith(PREFIX)) throw new TypeError('did:key expected to start with "did:key:z"')
  const bytes = base58Decode(did.slice(PREFIX.length), 64)
  if (bytes.length !== 34) {
    throw new RangeError(`did:key expected 34 decoded bytes, got length=${bytes.length}`)
  }
  if (bytes[0] !== MULTICODEC_ED25519[0] || bytes[1] !== MULTICODEC_ED25519[1]) {
    throw new TypeError('did:key is not an Ed25519 key (multicodec 0xed01)')
  }
  return bytes.slice(2)
}

/** Builds the `did:key` of a 32-byte Ed25519 public key. */
export function encodeDidKey(publicKey: Uint8Array): string {
  if (publicKey.length !== 32) {
    throw new RangeError(`"publicKey" expected length 32, got length=${publicKey.length}`)
  }
  return PREFIX + base58Encode(Uint8Array.from([...MULTICODEC_ED25519, ...publicKey]))
}
