/**
 * CipherState (Noise rev. 34 §5.1): a key and a 64-bit nonce. Besides the implicit-nonce calls of
 * the specification, it offers explicit-nonce calls for transports whose messages may arrive
 * reordered or twice (the relay's store-and-forward); `transport.ts` builds on those.
 * Never reuses a nonce under one key, never accepts n = 2^64−1 (reserved for REKEY, §4.2).
 */
import { abytes, clean } from '@noble/hashes/utils.js'
import type { CipherFunction } from './ciphers.ts'
import { NoiseError } from './errors.ts'

/** The empty byte string (Noise's zero-length payload, prologue and associated data). */
const EMPTY = new Uint8Array(0)

/** 2^64 − 1: reserved by §5.1; using it as a nonce is an error. */
export const MAX_NONCE = 0xffff_ffff_ffff_ffffn
/** Noise §3: no message, handshake or transport, exceeds 65535 bytes. */
export const MAX_MESSAGE_LENGTH = 65535
export const TAG_LENGTH = 16

export class CipherState {
  readonly #cipher: CipherFunction
  #key: Uint8Array | undefined
  #nonce = 0n

  constructor(cipher: CipherFunction, key?: Uint8Array) {
    this.#cipher = cipher
    if (key !== undefined) this.initializeKey(key)
  }

  initializeKey(key: Uint8Array): void {
    abytes(key, 32, 'key')
    if (this.#key !== undefined) clean(this.#key)
    this.#key = key.slice()
    this.#nonce = 0n
  }

  hasKey(): boolean {
    return this.#key !== undefined
  }

  get nonce(): bigint {
    return this.#nonce
  }

  setNonce(nonce: bigint): void {
    this.#nonce = nonce
  }

  /** §5.1 EncryptWithAd: uses and then increments the implicit nonce. */
  encryptWithAd(ad: Uint8Array, plaintext: Uint8Array): Uint8Array {
    if (this.#key === undefined) return plaintext.slice()
    const ciphertext = this.encryptWithNonce(this.#nonce, ad, plaintext)
    this.#nonce += 1n
    return ciphertext
  }

  /** §5.1 DecryptWithAd: the nonce only advances when the tag verifies. */
  decryptWithAd(ad: Uint8Array, ciphertext: Uint8Array): Uint8Array {
    if (this.#key === undefined) return ciphertext.slice()
    const plaintext = this.decryptWithNonce(this.#nonce, ad, ciphertext)
    this.#nonce += 1n
    return plaintext
  }

  /** Encrypts under an explicit nonce; the caller guarantees it is never repeated. */
  encryptWithNonce(nonce: bigint, ad: Uint8Array, plaintext: Uint8Array): Uint8Array {
    const key = this.#requireKey()
    checkNonce(nonce)
    if (plaintext.length + TAG_LENGTH > MAX_MESSAGE_LENGTH) {
      throw new NoiseError(
        'MessageTooLarge',
        `plaintext of ${plaintext.length} bytes exceeds the Noise limit of ${MAX_MESSAGE_LENGTH - TAG_LENGTH}`,
      )
    }
    return this.#cipher.encrypt(key, nonce, ad, plaintext)
  }

  decryptWithNonce(nonce: bigint, ad: Uint8Array, ciphertext: Uint8Array): Uint8Array {
    const key = this.#requireKey()
    checkNonce(nonce)
    checkCiphertextLength(ciphertext)
    const plaintext = this.#cipher.decrypt(key, nonce, ad, ciphertext)
    if (plaintext === undefined) {
      throw new NoiseError(
        'DecryptFailed',
        'authentication tag mismatch: wrong key or tampered message',
      )
    }
    return plaintext
  }

  /** §4.2 REKEY: k = first 32 bytes of ENCRYPT(k, 2^64−1, zerolen, 32 zero bytes). */
  rekey(): void {
    const key = this.#requireKey()
    this.#initializeKeyKeepingNonce(rekeyed(this.#cipher, key))
  }

  /** The current key, for persistence by the caller (a secret: store encrypted, never log). */
  exportKey(): Uint8Array {
    return this.#requireKey().slice()
  }

  /** The cipher function this state uses (its name is part of the protocol name). */
  get cipher(): CipherFunction {
    return this.#cipher
  }

  /** An independent copy (same key and nonce); destroying one leaves the other intact. */
  clone(): CipherState {
    const copy = new CipherState(this.#cipher, this.#key)
    copy.setNonce(this.#nonce)
    return copy
  }

  /** Erases the key; the state can no longer encrypt or decrypt. */
  destroy(): void {
    if (this.#key !== undefined) clean(this.#key)
    this.#key = undefined
  }

  #initializeKeyKeepingNonce(key: Uint8Array): void {
    const nonce = this.#nonce
    this.initializeKey(key)
    clean(key)
    this.#nonce = nonce
  }

  #requireKey(): Uint8Array {
    if (this.#key === undefined) throw new NoiseError('MissingKey', 'cipher state has no key')
    return this.#key
  }
}

/** §4.2 REKEY as a pure function of the cipher and key. */
export function rekeyed(cipher: CipherFunction, key: Uint8Array): Uint8Array {
  return cipher.encrypt(key, MAX_NONCE, EMPTY, new Uint8Array(32)).slice(0, 32)
}

function checkNonce(nonce: bigint): void {
  if (nonce < 0n || nonce >= MAX_NONCE) {
    throw new NoiseError('NonceExhausted', `nonce ${nonce} is outside [0, 2^64−2]`)
  }
}

function checkCiphertextLength(ciphertext: Uint8Array): void {
  abytes(ciphertext, undefined, 'ciphertext')
  if (ciphertext.length > MAX_MESSAGE_LENGTH) {
    throw new NoiseError(
      'MessageTooLarge',
      `message of ${ciphertext.length} bytes exceeds the Noise limit of ${MAX_MESSAGE_LENGTH}`,
    )
  }
  if (ciphertext.length < TAG_LENGTH) {
    throw new NoiseError(
      'MessageTooShort',
      `ciphertext of ${ciphertext.length} bytes is shorter than its tag`,
    )
  }
}
