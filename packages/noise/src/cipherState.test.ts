/** CipherState: implicit nonces, REKEY (§4.2), the reserved nonce, and no key → pass-through. */

import { chacha20poly1305 } from '@noble/ciphers/chacha.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { describe, expect, test } from 'vitest'
import { CipherState, MAX_NONCE } from './cipherState.ts'
import { DEFAULT_FUNCTIONS } from './primitives.ts'
import { expectNoise } from './test/expectNoise.ts'

const chacha = DEFAULT_FUNCTIONS.cipher.ChaChaPoly
if (chacha === undefined) throw new Error('ChaChaPoly missing')
const key = Uint8Array.from({ length: 32 }, (_, i) => i)

describe('CipherState', () => {
  test('without a key, EncryptWithAd returns the plaintext (§5.1)', () => {
    const state = new CipherState(chacha)
    expect([...state.encryptWithAd(new Uint8Array(0), Uint8Array.of(1, 2))]).toEqual([1, 2])
  })

  test('the nonce is 32 zero bits then 64-bit little-endian (§12.3), checked against raw ChaCha20-Poly1305', () => {
    const state = new CipherState(chacha, key)
    state.setNonce(0x0102030405060708n)
    const ours = state.encryptWithAd(Uint8Array.of(9), Uint8Array.of(1, 2, 3))
    const nonce = Uint8Array.of(0, 0, 0, 0, 8, 7, 6, 5, 4, 3, 2, 1)
    expect(bytesToHex(ours)).toBe(
      bytesToHex(chacha20poly1305(key, nonce, Uint8Array.of(9)).encrypt(Uint8Array.of(1, 2, 3))),
    )
    expect(state.nonce).toBe(0x0102030405060709n)
  })

  test('REKEY is ENCRYPT(k, 2^64−1, ε, 0^32) truncated to 32 bytes', () => {
    const state = new CipherState(chacha, key)
    state.rekey()
    const nonce = Uint8Array.of(0, 0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255)
    const expected = chacha20poly1305(key, nonce, new Uint8Array(0))
      .encrypt(new Uint8Array(32))
      .slice(0, 32)
    expect(bytesToHex(state.exportKey())).toBe(bytesToHex(expected))
  })

  test('a failed decryption leaves the nonce where it was', () => {
    const state = new CipherState(chacha, key)
    expectNoise(
      () => state.decryptWithAd(new Uint8Array(0), new Uint8Array(20)),
      'DecryptFailed',
      /tag mismatch/,
    )
    expect(state.nonce).toBe(0n)
  })

  test('the reserved nonce 2^64−1 is never used', () => {
    const state = new CipherState(chacha, key)
    state.setNonce(MAX_NONCE)
    expectNoise(
      () => state.encryptWithAd(new Uint8Array(0), new Uint8Array(1)),
      'NonceExhausted',
      'nonce 18446744073709551615 is outside [0, 2^64−2]',
    )
  })

  test('a destroyed state has no key', () => {
    const state = new CipherState(chacha, key)
    state.destroy()
    expectNoise(() => state.exportKey(), 'MissingKey', 'cipher state has no key')
  })
})
