/**
 * The cryptographic functions a Noise protocol name can select (Noise rev. 34 §12):
 * DH `25519`; ciphers `ChaChaPoly`; hashes `SHA256`, `SHA512`, `BLAKE2s`, `BLAKE2b`.
 * All of it is @noble; nothing here keeps state.
 */
import { chacha20poly1305 } from '@noble/ciphers/chacha.js'
import { x25519 } from '@noble/curves/ed25519.js'
import { blake2b, blake2s } from '@noble/hashes/blake2.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256, sha512 } from '@noble/hashes/sha2.js'
import { NoiseError } from './errors.ts'

export interface KeyPair {
  readonly publicKey: Uint8Array
  readonly privateKey: Uint8Array
}

export interface DhFunction {
  readonly name: string
  /** DHLEN: the length of public keys and of the DH output. */
  readonly length: number
  generateKeyPair(random: (length: number) => Uint8Array): KeyPair
  /** Throws NoiseError('InvalidPublicKey') when the output would be all-zero (Noise §12.1). */
  dh(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array
}

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

export interface HashFunction {
  readonly name: string
  /** HASHLEN */
  readonly length: number
  hash(data: Uint8Array): Uint8Array
  /** Noise §4.3 HKDF(chaining_key, input_key_material, num_outputs), as RFC 5869 with empty info. */
  hkdf(chainingKey: Uint8Array, inputKeyMaterial: Uint8Array, outputs: 2 | 3): Uint8Array[]
}

const dh25519: DhFunction = {
  name: '25519',
  length: 32,
  generateKeyPair(random) {
    const privateKey = random(32)
    return { privateKey, publicKey: x25519.getPublicKey(privateKey) }
  },
  dh(privateKey, publicKey) {
    try {
      return x25519.getSharedSecret(privateKey, publicKey)
    } catch (cause) {
      // noble rejects an all-zero shared secret: the peer sent a zero or low-order point.
      throw new NoiseError('InvalidPublicKey', 'remote public key is zero or of low order', {
        cause,
      })
    }
  },
}

/** Noise §12.3: 32 bits of zeros followed by the 64-bit nonce, little-endian. */
function chachaNonce(nonce: bigint): Uint8Array {
  const out = new Uint8Array(12)
  new DataView(out.buffer).setBigUint64(4, nonce, true)
  return out
}

const chachaPoly: CipherFunction = {
  name: 'ChaChaPoly',
  encrypt: (key, nonce, ad, plaintext) =>
    chacha20poly1305(key, chachaNonce(nonce), ad).encrypt(plaintext),
  decrypt(key, nonce, ad, ciphertext) {
    try {
      return chacha20poly1305(key, chachaNonce(nonce), ad).decrypt(ciphertext)
    } catch {
      return undefined
    }
  },
}

type NobleHash = typeof sha256 | typeof sha512 | typeof blake2s | typeof blake2b

function hashFunction(name: string, fn: NobleHash): HashFunction {
  const length = fn.outputLen
  return {
    name,
    length,
    hash: (data) => fn(data),
    hkdf(chainingKey, inputKeyMaterial, outputs) {
      const okm = hkdf(fn, inputKeyMaterial, chainingKey, undefined, length * outputs)
      const parts: Uint8Array[] = []
      for (let i = 0; i < outputs; i++) parts.push(okm.slice(i * length, (i + 1) * length))
      return parts
    },
  }
}

export const DH_FUNCTIONS: Readonly<Record<string, DhFunction>> = { '25519': dh25519 }
export const CIPHER_FUNCTIONS: Readonly<Record<string, CipherFunction>> = { ChaChaPoly: chachaPoly }
export const HASH_FUNCTIONS: Readonly<Record<string, HashFunction>> = {
  SHA256: hashFunction('SHA256', sha256),
  SHA512: hashFunction('SHA512', sha512),
  BLAKE2s: hashFunction('BLAKE2s', blake2s),
  BLAKE2b: hashFunction('BLAKE2b', blake2b),
}

/** The platform CSPRNG (WebCrypto in browsers, Workers and Node). */
export function secureRandom(length: number): Uint8Array {
  const out = new Uint8Array(length)
  crypto.getRandomValues(out)
  return out
}

/** A fresh static key pair for `dh` (default X25519). */
export function generateKeyPair(dh = '25519'): KeyPair {
  const fn = DH_FUNCTIONS[dh]
  if (fn === undefined)
    throw new NoiseError('UnsupportedProtocol', `unsupported DH function "${dh}"`)
  return fn.generateKeyPair(secureRandom)
}
