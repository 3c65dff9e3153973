/**
 * The OT extension's consistency-check hash (SoftSpokenOT, Roy CRYPTO 2022, k = 1 and 2; the corrected
 * KOS check of KOS Fig. 10 step 3): row j < ξ of the ℓ′ × κ bit matrix is weighted by
 * W_j = χ_{j/128}·X^{j mod 128} in GF(2^128) = GF(2)[X]/(X^128 + X^7 + X^2 + X + 1), padding row
 * ξ + b by X^b. Output acc[b] = ⊕_j W_j[b]·row_j (κ bits each, the bit-sliced t̂_l = Σ_j W_j·t_{j,l})
 * and x̂ = Σ_j x_j·W_j.
 *
 * Method (Four Russians, "M4RM"): for each χ block, acc += M_χ·R where M_χ[b][b′] = bit b of χ·X^b′
 * (public) and R is the block's 128 secret rows. Rows are taken 4 at a time; the 16 XOR
 * combinations of those 4 rows are tabulated, and each output row b XORs in the entry whose index
 * is the 4 public bits M_χ[b][4g..4g+4). Table indices depend on χ only (public, H(sid, u)); the
 * secret rows are only XORed, never branched on or used as an index. About half the word XORs
 * of the bit-by-bit sum (≈142k vs ≈263k) and no branch at all in the inner loops.
 */
import { transposeBits } from './bits.ts'

const ROW_WORDS = 8 // κ = 256 bits per row
const GROUPS = 32 // 128 rows per block, 4 per table

// Scratch reused across calls (synchronous, single-threaded); the secret table is zeroed after use.
const table = new Uint32Array(GROUPS * 16 * ROW_WORDS)
const weights = new Uint32Array(128 * 4)

/** dst[d..d+4) ← src[s..s+4)·X mod X^128 + X^7 + X^2 + X + 1 (public data only). */
function timesX(src: Uint32Array, s: number, dst: Uint32Array, d: number): void {
  const w0 = src[s] as number
  const w1 = src[s + 1] as number
  const w2 = src[s + 2] as number
  const w3 = src[s + 3] as number
  dst[d + 3] = (w3 << 1) | (w2 >>> 31)
  dst[d + 2] = (w2 << 1) | (w1 >>> 31)
  dst[d + 1] = (w1 << 1) | (w0 >>> 31)
  dst[d] = (w0 << 1) ^ (-(w3 >>> 31) & 0x87)
}

/**
 * Tabulates the 16 XOR combinations of rows first + 4g + {0..3}, for each of the first `groups`
 * groups g; the table of the other groups is zero (a last block shorter than 128 rows, ξ = 416).
 */
function fillTable(rows: Uint32Array, first: number, groups: number): void {
  if (groups < GROUPS) table.fill(0, groups * 16 * ROW_WORDS)
  for (let g = 0; g < groups; g++) {
    const r = (first + 4 * g) * ROW_WORDS
    const t = g * 16 * ROW_WORDS
    // Entry n (word i at t + 8n + i) = ⊕ of row 4g + c for each set bit c of n, word by word.
    for (let i = 0; i < ROW_WORDS; i++) {
      const r0 = rows[r + i] as number
      const r1 = rows[r + ROW_WORDS + i] as number
      const r2 = rows[r + 2 * ROW_WORDS + i] as number
      const r3 = rows[r + 3 * ROW_WORDS + i] as number
      const r01 = r0 ^ r1
      const r23 = r2 ^ r3
      const o = t + i
      table[o] = 0
      table[o + 8] = r0
      table[o + 16] = r1
      table[o + 24] = r01
      table[o + 32] = r2
      table[o + 40] = r2 ^ r0
      table[o + 48] = r2 ^ r1
      table[o + 56] = r2 ^ r01
      table[o + 64] = r3
      table[o + 72] = r3 ^ r0
      table[o + 80] = r3 ^ r1
      table[o + 88] = r3 ^ r01
      table[o + 96] = r23
      table[o + 104] = r23 ^ r0
      table[o + 112] = r23 ^ r1
      table[o + 120] = r23 ^ r01
    }
  }
}

/**
 * acc[b] ^= ⊕_g table[g][index_b,g] for b < 128, where index_b,g is nibble g of mT[b] (the 4
 * public bits of M_χ row b selecting rows 4g..4g+3).
 */
function accumulate(acc: Uint32Array, mT: Uint32Array): void {
  for (let b = 0; b < 128; b++) {
    const o = b * ROW_WORDS
    let a0 = acc[o] as number
    let a1 = acc[o + 1] as number
    let a2 = acc[o + 2] as number
    let a3 = acc[o + 3] as number
    let a4 = acc[o + 4] as number
    let a5 = acc[o + 5] as number
    let a6 = acc[o + 6] as number
    let a7 = acc[o + 7] as number
    for (let q = 0; q < 4; q++) {
      const word = mT[4 * b + q] as number
      for (let s = 0; s < 8; s++) {
        const e = (((q * 8 + s) << 4) | ((word >>> (4 * s)) & 15)) * ROW_WORDS
        a0 ^= table[e] as number
        a1 ^= table[e + 1] as number
        a2 ^= table[e + 2] as number
        a3 ^= table[e + 3] as number
        a4 ^= table[e + 4] as number
        a5 ^= table[e + 5] as number
        a6 ^= table[e + 6] as number
        a7 ^= table[e + 7] as number
      }
    }
    acc[o] = a0
    acc[o + 1] = a1
    acc[o + 2] = a2
    acc[o + 3] = a3
    acc[o + 4] = a4
    acc[o + 5] = a5
    acc[o + 6] = a6
    acc[o + 7] = a7
  }
}

/**
 * The hash of `rows` (ℓ′ = ξ + 128 rows of 8 words; ξ = `useful`, a multiple of 32 up to 512)
 * under χ_0..χ_3 (16 words; block k weights rows 128k.. of the ξ useful ones, the last block may
 * be shorter). Returns acc (128 × 8 words) and, when the choice bits `bits` (ℓ′/32 words) are
 * given, x̂ (4 words).
 */
export function rowHash(rows: Uint32Array, chi: Uint32Array, useful: number, bits?: Uint32Array) {
  if (useful % 32 !== 0 || useful > 512 || rows.length !== (useful + 128) * ROW_WORDS)
    throw new RangeError('rowHash: size')
  const padding = useful // first padding row (ξ)
  // Padding rows: W = X^b needs no reduction (b < 128), so they enter acc and x̂ as they are.
  const acc = rows.slice(padding * ROW_WORDS, (padding + 128) * ROW_WORDS)
  const xHat = new Uint32Array(4)
  if (bits !== undefined) for (let i = 0; i < 4; i++) xHat[i] = bits[padding / 32 + i] as number
  const blocks = Math.ceil(useful / 128)
  for (let k = 0; k < blocks; k++) {
    const inBlock = Math.min(128, useful - 128 * k)
    // weights[b′] = χ_k·X^b′ (public).
    for (let i = 0; i < 4; i++) weights[i] = chi[4 * k + i] as number
    for (let b = 1; b < 128; b++) timesX(weights, 4 * (b - 1), weights, 4 * b)
    if (bits !== undefined) {
      for (let b = 0; b < inBlock; b++) {
        const j = 128 * k + b
        const m = -(((bits[j >>> 5] as number) >>> (j & 31)) & 1)
        for (let i = 0; i < 4; i++)
          xHat[i] = (xHat[i] as number) ^ ((weights[4 * b + i] as number) & m)
      }
    }
    // mT[b] bit b′ = bit b of χ_k·X^b′: row b of M_χ, read as 32 four-bit table indices.
    const mT = transposeBits(weights, 128, 128)
    fillTable(rows, 128 * k, inBlock / 4)
    accumulate(acc, mT)
  }
  table.fill(0)
  return { acc, xHat }
}
