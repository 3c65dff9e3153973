import { randomBytes } from '@noble/hashes/utils.js'
import { expect, test } from 'vitest'
import { bytesToWords, equalWords, getBit, transposeBits, wordsToBytes } from './bits.ts'

function naiveTranspose(src: Uint32Array, cols: number, rows: number): Uint32Array {
  const out = new Uint32Array((rows * cols) / 32)
  for (let c = 0; c < cols; c++)
    for (let r = 0; r < rows; r++) {
      const bit = getBit(src.subarray((c * rows) / 32, ((c + 1) * rows) / 32), r)
      const idx = (r * cols) / 32 + (c >>> 5)
      out[idx] = ((out[idx] as number) | (bit << (c & 31))) >>> 0
    }
  return out
}

test('transposeBits matches a bit-by-bit transpose for 256 × 640', () => {
  const src = bytesToWords(randomBytes((256 * 640) / 8))
  const fast = transposeBits(src, 256, 640)
  expect(equalWords(fast, naiveTranspose(src, 256, 640))).toBe(true)
  expect(equalWords(transposeBits(fast, 640, 256), src)).toBe(true)
})

test('words and bytes round-trip little-endian', () => {
  const bytes = randomBytes(64)
  expect(wordsToBytes(bytesToWords(bytes))).toEqual(bytes)
  expect(bytesToWords(Uint8Array.of(1, 0, 0, 0x80))[0]).toBe(0x80000001)
})

test('equalWords finds a single flipped bit', () => {
  const a = bytesToWords(randomBytes(32))
  const b = a.slice()
  b[7] = (b[7] as number) ^ (1 << 31)
  expect(equalWords(a, b)).toBe(false)
  expect(equalWords(a, a.slice())).toBe(true)
})
