/**
 * `did:key` identifiers for Ed25519 keys: `did:key:z<base58btc(0xed 0x01 ‖ public key)>`
 * (multicodec ed25519-pub, varint 0xed01; multibase `z` = base58btc). The relay knows each client
 * by its DID (docs/RELAY.md#connection-and-auth). Decoding is bounded: base58 is quadratic, so the
 * length is checked before any decoding. Never accepts a key of another type or length.
 */
import { base58 } from '@scure/base'

const PREFIX = 'did:key:z'
const MULTICODEC_ED25519 = [0xed, 0x01] as const
const KEY_BYTES = 32
/** base58 of 34 bytes is at most 47 characters; anything much longer is not a did:key of ours. */
const MAX_BASE58_CHARS = 64

/** Builds the `did:key` of a 32-byte Ed25519 public key. */
export function encodeDidKey(publicKey: Uint8Array): string {
  if (!(publicKey instanceof Uint8Array)) {
    throw new TypeError(`"publicKey" expected Uint8Array, got type=${typeof publicKey}`)
  }
  if (publicKey.length !== KEY_BYTES) {
    throw new RangeError(
      `"publicKey" expected Uint8Array of length 32, got length=${publicKey.length}`,
    )
  }
  const bytes = new Uint8Array(2 + KEY_BYTES)
  bytes.set(MULTICODEC_ED25519)
  bytes.set(publicKey, 2)
  return PREFIX + base58.encode(bytes)
}

/** Returns the 32-byte Ed25519 public key of a `did:key`, or throws with the precise reason. */
export function decodeDidKey(did: string): Uint8Array {
  if (typeof did !== 'string' || !did.startsWith(PREFIX)) {
    throw new TypeError('did:key expected to start with "did:key:z"')
  }
  const text = did.slice(PREFIX.length)
  if (text.length > MAX_BASE58_CHARS) {
    throw new RangeError(
      `did:key expected at most ${MAX_BASE58_CHARS} base58 chars, got ${text.length}`,
    )
  }
  let bytes: Uint8Array
  try {
    bytes = base58.decode(text)
  } catch {
    throw new TypeError('did:key has a character outside the base58btc alphabet')
  }
  if (bytes.length !== 2 + KEY_BYTES) {
    throw new RangeError(`did:key expected 34 decoded bytes, got length=${bytes.length}`)
  }
  if (bytes[0] !== MULTICODEC_ED25519[0] || bytes[1] !== MULTICODEC_ED25519[1]) {
    throw new TypeError('did:key is not an Ed25519 key (multicodec 0xed01)')
  }
  return bytes.slice(2)
}
