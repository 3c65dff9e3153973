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

test('bytesToWords copies: unaligned views and pooled Buffers convert, later writes do not leak', () => {
  const bytes = randomBytes(41)
  const view = bytes.subarray(1, 41)
  const words = bytesToWords(view)
  expect(words.length).toBe(10)
  expect(words[0]).toBe(
    ((view[0] as number) |
      ((view[1] as number) << 8) |
      ((view[2] as number) << 16) |
      ((view[3] as number) << 24)) >>>
      0,
  )
  expect(wordsToBytes(words)).toEqual(view)
  view[0] = (view[0] as number) ^ 1
  expect(wordsToBytes(words)).not.toEqual(view)
  const pooled = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]).subarray(4)
  expect(Array.from(bytesToWords(pooled))).toEqual([0x08070605])
  const w = Uint32Array.of(1, 2, 3).subarray(1)
  expect(Array.from(wordsToBytes(w))).toEqual([2, 0, 0, 0, 3, 0, 0, 0])
})
