/**
 * The cryptographic functions a Noise protocol name can select (Noise rev. 34 §12): by default
 * DH `25519`; cipher `ChaChaPoly` (`ciphers.ts`); hashes `BLAKE2s` and `SHA256` (`extra.ts` adds
 * `448`, `AESGCM`, `BLAKE2b` and `SHA512`). All of it is @noble; nothing here keeps state.
 * Only handshakes use this module; a resumed transport needs `ciphers.ts` alone.
 */
import { x25519 } from '@noble/curves/ed25519.js'
import { blake2s } from '@noble/hashes/blake2.js'
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import type { CHash } from '@noble/hashes/utils.js'
import { clean, concatBytes } from '@noble/hashes/utils.js'
import { type CipherFunction, DEFAULT_CIPHERS } from './ciphers.ts'
import { NoiseError } from './errors.ts'

/** The empty byte string (Noise's zero-length payload, prologue and associated data). */
const EMPTY = new Uint8Array(0)

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

export interface HashFunction {
  readonly name: string
  /** HASHLEN */
  readonly length: number
  hash(data: Uint8Array): Uint8Array
  /** Noise §4.3 HKDF(chaining_key, input_key_material, num_outputs), as RFC 5869 with empty info. */
  hkdf(chainingKey: Uint8Array, inputKeyMaterial: Uint8Array, outputs: 2 | 3): Uint8Array[]
}

const dh25519 = montgomeryDh('25519', x25519, 32)

/** Builds a HashFunction (with Noise's HKDF) on a noble hash (`sha256`, `blake2s`, …). */
export function hashFunction(name: string, fn: CHash): HashFunction {
  const length = fn.outputLen
  return {
    name,
    length,
    hash: (data) => fn(data),
    hkdf(chainingKey, inputKeyMaterial, outputs) {
      // Noise §4.3 as the specification writes it (RFC 5869 with the chaining key as salt and
      // empty info): temp_key = HMAC(ck, ikm); output_i = HMAC(temp_key, output_(i-1) ‖ byte(i)).
      const tempKey = hmac(fn, chainingKey, inputKeyMaterial)
      const parts: Uint8Array[] = []
      let previous = EMPTY
      for (let i = 1; i <= outputs; i++) {
        previous = hmac(fn, tempKey, concatBytes(previous, Uint8Array.of(i)))
        parts.push(previous)
      }
      clean(tempKey)
      return parts
    },
  }
}

/** The functions a protocol name may select, by their names in the protocol name. */
export interface NoiseFunctions {
  readonly dh: Readonly<Record<string, DhFunction>>
  readonly cipher: Readonly<Record<string, CipherFunction>>
  readonly hash: Readonly<Record<string, HashFunction>>
}

/**
 * What every handshake may use: the suites Tessera runs (docs/SESSION.md#suite: 25519, ChaChaPoly,
 * BLAKE2s, and the SHA-256 variants). `@tessera/noise/extra` adds 448, AESGCM, BLAKE2b and SHA512
 * for callers that pass it explicitly, so dapp bundles do not carry code they never run.
 */
export const DEFAULT_FUNCTIONS: NoiseFunctions = {
  dh: { '25519': dh25519 },
  cipher: DEFAULT_CIPHERS,
  hash: {
    SHA256: hashFunction('SHA256', sha256),
    BLAKE2s: hashFunction('BLAKE2s', blake2s),
  },
}

/** Builds a DhFunction on a noble Montgomery curve (x25519, x448). */
export function montgomeryDh(
  name: string,
  curve: {
    getPublicKey(privateKey: Uint8Array): Uint8Array
    getSharedSecret(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array
  },
  length: number,
): DhFunction {
  return {
    name,
    length,
    generateKeyPair(random) {
      const privateKey = random(length)
      return { privateKey, publicKey: curve.getPublicKey(privateKey) }
    },
    dh(privateKey, publicKey) {
      try {
        return curve.getSharedSecret(privateKey, publicKey)
      } catch (cause) {
        // noble rejects an all-zero shared secret: the peer sent a zero or low-order point.
        throw new NoiseError('InvalidPublicKey', 'remote public key is zero or of low order', {
          cause,
        })
      }
    },
  }
}

/** The platform CSPRNG (WebCrypto in browsers, Workers and Node). */
export function secureRandom(length: number): Uint8Array {
  const out = new Uint8Array(length)
  crypto.getRandomValues(out)
  return out
}

/** A fresh static key pair for `dh` (default X25519). */
export function generateKeyPair(
  dh = '25519',
  functions: NoiseFunctions = DEFAULT_FUNCTIONS,
): KeyPair {
  const fn = functions.dh[dh]
  if (fn === undefined)
    throw new NoiseError('UnsupportedProtocol', `unsupported DH function "${dh}"`)
  return fn.generateKeyPair(secureRandom)
}
