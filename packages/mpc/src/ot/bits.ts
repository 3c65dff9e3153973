/**
 * Branch-free bit-matrix helpers for the OT extension (docs/THRESHOLD.md#base-ot-and-ot-extension).
 * Bit vectors are Uint32Array words, bit j at word j >>> 5, position j & 31 (LSB first); on the wire
 * each word is 4 bytes little-endian. Nothing here may branch or index memory on secret bits.
 */

/** One stage of transpose32: the upper s bits of word i trade places with the lower s bits of word i+s. */
function stage(a: Uint32Array, s: number, m: number): void {
  for (let j = 0; j < 32; j += 2 * s) {
    for (let i = j; i < j + s; i++) {
      const t = (((a[i] as number) >>> s) ^ (a[i + s] as number)) & m
      a[i] = (a[i] as number) ^ (t << s)
      a[i + s] = (a[i + s] as number) ^ t
    }
  }
}

/** In-place transpose of a 32×32 bit block in `a` (bit c of word r ↔ bit r of word c). */
function transpose32(a: Uint32Array): void {
  // Recursive block swap at widths 16, 8, 4, 2, 1 (Hacker's Delight §7-3): masks and shifts only,
  // no data-dependent branches. Stages are written out so each gets constant shifts and masks.
  stage(a, 16, 0x0000ffff)
  stage(a, 8, 0x00ff00ff)
  stage(a, 4, 0x0f0f0f0f)
  stage(a, 2, 0x33333333)
  stage(a, 1, 0x55555555)
}

/**
 * Transposes a `cols × rows` bit matrix stored column-major (column c occupies words
 * [c·rows/32, (c+1)·rows/32)) into row-major (row r occupies words [r·cols/32, (r+1)·cols/32)).
 * Both dimensions must be multiples of 32.
 */
export function transposeBits(src: Uint32Array, cols: number, rows: number): Uint32Array {
  if (cols % 32 !== 0 || rows % 32 !== 0)
    throw new RangeError('bit matrix dimensions must be multiples of 32')
  const colWords = rows >>> 5
  const rowWords = cols >>> 5
  if (src.length !== cols * colWords)
    throw new RangeError(`bit matrix expected ${cols * colWords} words, got ${src.length}`)
  const out = new Uint32Array(rows * rowWords)
  const block = new Uint32Array(32)
  for (let cb = 0; cb < rowWords; cb++) {
    for (let rb = 0; rb < colWords; rb++) {
      for (let c = 0; c < 32; c++) block[c] = src[(cb * 32 + c) * colWords + rb] as number
      transpose32(block)
      for (let r = 0; r < 32; r++) out[(rb * 32 + r) * rowWords + cb] = block[r] as number
    }
  }
  block.fill(0)
  return out
}

// On a little-endian platform (every one Node and the browsers run on) the wire order is the memory
// order, so conversions are one copy; the loops below stay as the portable definition.
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1

/** Words to bytes, little-endian, independent of the platform's byte order. */
export function wordsToBytes(words: Uint32Array): Uint8Array {
  if (LITTLE_ENDIAN) {
    const copy = new Uint32Array(words.length)
    copy.set(words)
    return new Uint8Array(copy.buffer)
  }
  const out = new Uint8Array(words.length * 4)
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as number
    out[4 * i] = w & 0xff
    out[4 * i + 1] = (w >>> 8) & 0xff
    out[4 * i + 2] = (w >>> 16) & 0xff
    out[4 * i + 3] = w >>> 24
  }
  return out
}

/** Bytes (length a multiple of 4) to little-endian words. */
export function bytesToWords(bytes: Uint8Array): Uint32Array {
  if (bytes.length % 4 !== 0) throw new RangeError('byte length must be a multiple of 4')
  if (LITTLE_ENDIAN) {
    // A copy through a fresh buffer: `bytes` may be an unaligned view or a pooled Node Buffer.
    const copy = new Uint8Array(bytes.length)
    copy.set(bytes)
    return new Uint32Array(copy.buffer)
  }
  const out = new Uint32Array(bytes.length / 4)
  for (let i = 0; i < out.length; i++) {
    out[i] =
      ((bytes[4 * i] as number) |
        ((bytes[4 * i + 1] as number) << 8) |
        ((bytes[4 * i + 2] as number) << 16) |
        ((bytes[4 * i + 3] as number) << 24)) >>>
      0
  }
  return out
}

/** Bit j of a word vector, as 0 or 1. */
export function getBit(words: Uint32Array, j: number): number {
  return ((words[j >>> 5] as number) >>> (j & 31)) & 1
}

/** Constant-time equality of two word vectors of the same length (no early exit). */
export function equalWords(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number)
  return diff === 0
}
