/**
 * ECIES to an X25519 key (docs/THRESHOLD.md#dkg: the offline backup receives f_i(k) this way):
 * ephemeral X25519, HKDF-SHA256 (salt = eph ‖ recipient, info = tag), XChaCha20-Poly1305 with a
 * random 24-byte nonce and caller-supplied associated data (sid, sender, recipient).
 * Blob: eph (32) ‖ nonce (24) ‖ ciphertext+tag. Must never return plaintext that failed the tag.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { x25519 } from '@noble/curves/ed25519.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { abytes, clean, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { type Rng, randomBytes } from '../encoding/random.ts'
import { TAGS } from '../hash/tags.ts'

const OVERHEAD = 32 + 24 + 16

function deriveKey(shared: Uint8Array, eph: Uint8Array, recipient: Uint8Array): Uint8Array {
  if (shared.every((b) => b === 0)) throw new RangeError('X25519 shared secret is zero')
  return hkdf(sha256, shared, concatBytes(eph, recipient), utf8ToBytes(TAGS.ecies), 32)
}

/** A fresh X25519 key pair for a backup party (secret 32 bytes, public 32 bytes). */
export function generateEncryptionKey(rng?: Rng): { secretKey: Uint8Array; publicKey: Uint8Array } {
  const secretKey = randomBytes(32, rng)
  return { secretKey, publicKey: x25519.getPublicKey(secretKey) }
}

export function eciesSeal(
  recipient: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array,
  rng?: Rng,
): Uint8Array {
  abytes(recipient, 32, 'recipient')
  const ephSecret = randomBytes(32, rng)
  const eph = x25519.getPublicKey(ephSecret)
  const shared = x25519.getSharedSecret(ephSecret, recipient)
  const key = deriveKey(shared, eph, recipient)
  const nonce = randomBytes(24, rng)
  const ciphertext = xchacha20poly1305(key, nonce, aad).encrypt(plaintext)
  clean(ephSecret, shared, key)
  return concatBytes(eph, nonce, ciphertext)
}

/** Decrypts; throws Error('ECIES: authentication failed') on any tampering. */
export function eciesOpen(secretKey: Uint8Array, blob: Uint8Array, aad: Uint8Array): Uint8Array {
  abytes(secretKey, 32, 'secretKey')
  abytes(blob, undefined, 'ciphertext')
  if (blob.length < OVERHEAD) throw new RangeError('"ciphertext" too short')
  const eph = blob.subarray(0, 32)
  const nonce = blob.subarray(32, 56)
  const recipient = x25519.getPublicKey(secretKey)
  const shared = x25519.getSharedSecret(secretKey, eph)
  const key = deriveKey(shared, eph, recipient)
  try {
    return xchacha20poly1305(key, nonce, aad).decrypt(blob.subarray(56))
  } catch (cause) {
    throw new Error('ECIES: authentication failed', { cause })
  } finally {
    clean(shared, key)
  }
}
