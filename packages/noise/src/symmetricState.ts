/**
 * SymmetricState (Noise rev. 34 §5.2): the chaining key `ck`, the handshake hash `h` and the
 * CipherState they key. Knows nothing of patterns or DH.
 */
import { clean, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { CipherState } from './cipherState.ts'
import type { CipherFunction } from './ciphers.ts'
import type { HashFunction } from './primitives.ts'

export class SymmetricState {
  readonly #hash: HashFunction
  readonly #cipher: CipherFunction
  readonly cipherState: CipherState
  #ck: Uint8Array
  #h: Uint8Array

  /** §5.2 InitializeSymmetric(protocol_name). */
  constructor(protocolName: string, cipher: CipherFunction, hash: HashFunction) {
    this.#hash = hash
    this.#cipher = cipher
    const name = utf8ToBytes(protocolName)
    if (name.length <= hash.length) {
      this.#h = new Uint8Array(hash.length)
      this.#h.set(name)
    } else {
      this.#h = hash.hash(name)
    }
    this.#ck = this.#h.slice()
    this.cipherState = new CipherState(cipher)
  }

  get handshakeHash(): Uint8Array {
    return this.#h.slice()
  }

  mixKey(inputKeyMaterial: Uint8Array): void {
    const [ck, tempK] = this.#hash.hkdf(this.#ck, inputKeyMaterial, 2) as [Uint8Array, Uint8Array]
    this.#replaceChainingKey(ck)
    this.cipherState.initializeKey(truncateKey(tempK))
    clean(tempK)
  }

  mixHash(data: Uint8Array): void {
    this.#h = this.#hash.hash(concatBytes(this.#h, data))
  }

  /** §5.2 MixKeyAndHash: used for PSKs (§9). */
  mixKeyAndHash(inputKeyMaterial: Uint8Array): void {
    const [ck, tempH, tempK] = this.#hash.hkdf(this.#ck, inputKeyMaterial, 3) as [
      Uint8Array,
      Uint8Array,
      Uint8Array,
    ]
    this.#replaceChainingKey(ck)
    this.mixHash(tempH)
    this.cipherState.initializeKey(truncateKey(tempK))
    clean(tempK)
  }

  encryptAndHash(plaintext: Uint8Array): Uint8Array {
    const ciphertext = this.cipherState.encryptWithAd(this.#h, plaintext)
    this.mixHash(ciphertext)
    return ciphertext
  }

  decryptAndHash(ciphertext: Uint8Array): Uint8Array {
    const plaintext = this.cipherState.decryptWithAd(this.#h, ciphertext)
    this.mixHash(ciphertext)
    return plaintext
  }

  /** §5.2 Split: c1 encrypts initiator → responder, c2 responder → initiator. */
  split(): [CipherState, CipherState] {
    const [k1, k2] = this.#hash.hkdf(this.#ck, new Uint8Array(0), 2) as [Uint8Array, Uint8Array]
    const pair: [CipherState, CipherState] = [
      new CipherState(this.#cipher, truncateKey(k1)),
      new CipherState(this.#cipher, truncateKey(k2)),
    ]
    clean(k1)
    clean(k2)
    return pair
  }

  /** Erases the chaining key and the handshake cipher key. */
  destroy(): void {
    clean(this.#ck)
    this.cipherState.destroy()
  }

  #replaceChainingKey(ck: Uint8Array): void {
    clean(this.#ck)
    this.#ck = ck
  }
}

/** §5.2: with a 64-byte hash, keys are truncated to 32 bytes. */
function truncateKey(key: Uint8Array): Uint8Array {
  return key.length === 32 ? key : key.subarray(0, 32)
}
