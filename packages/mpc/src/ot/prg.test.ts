import { chacha20 } from '@noble/ciphers/chacha.js'
import { hexToBytes, randomBytes } from '@noble/hashes/utils.js'
import { expect, test } from 'vitest'
import { wordsToBytes } from './bits.ts'
import { prgColumns, prgWords } from './prg.ts'

test('RFC 8439 §2.4.2 keystream (counter 0 block of the sunscreen example key)', () => {
  const key = hexToBytes('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f')
  const nonce = hexToBytes('000000000000004a00000000')
  const stream = wordsToBytes(prgWords(key, nonce, 32))
  // Block 1 of RFC 8439 §2.4.2 starts with 22 4f 51 f3 …; block 0 is checked against noble below.
  expect(stream.subarray(64, 68)).toEqual(hexToBytes('224f51f3'))
})

test('matches @noble/ciphers chacha20 keystream for random keys and nonces', () => {
  for (let i = 0; i < 20; i++) {
    const key = randomBytes(32)
    const nonce = randomBytes(12)
    const words = 5 + i * 7
    const ours = wordsToBytes(prgWords(key, nonce, words))
    expect(ours).toEqual(chacha20(key, nonce, new Uint8Array(words * 4)))
  }
})

test('rejects a short seed', () => {
  expect(() => prgWords(new Uint8Array(31), new Uint8Array(12), 4)).toThrow(
    new RangeError('"seed" expected Uint8Array of length 32, got length=31'),
  )
})

test('prgColumns equals prgWords seed by seed', () => {
  const seeds = randomBytes(32 * 7)
  const nonce = randomBytes(12)
  for (const words of [1, 16, 20, 33]) {
    const out = new Uint32Array(7 * words)
    prgColumns(seeds, 7, nonce, words, out)
    for (let l = 0; l < 7; l++)
      expect(out.subarray(l * words, (l + 1) * words)).toEqual(
        prgWords(seeds.subarray(32 * l, 32 * l + 32), nonce, words),
      )
  }
})

test('prgColumns rejects short seeds as prgWords does', () => {
  expect(() =>
    prgColumns(new Uint8Array(32 * 3 + 5), 4, new Uint8Array(12), 20, new Uint32Array(80)),
  ).toThrow(new RangeError('"seed" expected Uint8Array of length 32, got length=5'))
})
