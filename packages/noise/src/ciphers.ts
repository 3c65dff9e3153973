/**
 * The Noise cipher functions (rev. 34 §12.3): `ChaChaPoly` on @noble/ciphers, and the builder
 * `aeadCipher` (also used for `AESGCM` in `extra.ts`). A module of its own because a resumed
 * transport needs a cipher and nothing else: importing `restoreTransport` must not pull in the
 * DH and hash functions of `primitives.ts`, which only a handshake (pairing) runs.
 */
import { chacha20poly1305 } from '@noble/ciphers/chacha.js'

export interface CipherFunction {
  readonly name: string
  encrypt(key: Uint8Array, nonce: bigint, ad: Uint8Array, plaintext: Uint8Array): Uint8Array
  /** Returns undefined when the tag does not verify. */
  decrypt(
    key: Uint8Array,
    nonce: bigint,
    ad: Uint8Array,
    ciphertext: Uint8Array,
  ): Uint8Array | undefined
}

/** Builds a CipherFunction on a noble AEAD taking (key, 12-byte nonce, ad). */
export function aeadCipher(
  name: string,
  aead: (
    key: Uint8Array,
    nonce: Uint8Array,
    ad: Uint8Array,
  ) => {
    encrypt(plaintext: Uint8Array): Uint8Array
    decrypt(ciphertext: Uint8Array): Uint8Array
  },
  encodeNonce: (nonce: bigint) => Uint8Array,
): CipherFunction {
  return {
    name,
    encrypt: (key, nonce, ad, plaintext) => aead(key, encodeNonce(nonce), ad).encrypt(plaintext),
    decrypt(key, nonce, ad, ciphertext) {
      try {
        return aead(key, encodeNonce(nonce), ad).decrypt(ciphertext)
      } catch {
        return undefined
      }
    },
  }
}

/** Noise §12.3: 32 bits of zeros followed by the 64-bit nonce, little-endian. */
function chachaNonce(nonce: bigint): Uint8Array {
  const out = new Uint8Array(12)
  new DataView(out.buffer).setBigUint64(4, nonce, true)
  return out
}

/** The ciphers of `DEFAULT_FUNCTIONS`, by their names in a protocol name. */
export const DEFAULT_CIPHERS: Readonly<Record<string, CipherFunction>> = {
  ChaChaPoly: aeadCipher('ChaChaPoly', chacha20poly1305, chachaNonce),
}
