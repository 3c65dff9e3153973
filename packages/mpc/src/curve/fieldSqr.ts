/**
 * The squaring kernel of the field: a² mod p on 11 × 24-bit limbs, the twin of fieldMul.ts with
 * doubled cross terms (66 products), fully unrolled on locals. Products are exact (column sums stay below 2^53); reduction folds 2^264 ≡ 2^40 + 250112.
 * Never add a branch or a table index that depends on limb values here.
 */
import type { Fe } from './field.ts'

const B = 16777216 // 2^24
const R = 1 / B
const F0 = 250112 // 2^264 ≡ 2^40 + 250112 (mod p): the low part, at limb 0
const F1 = 65536 // … and 2^40 = 2^16·2^24, at limb 1

// Reduction (the same as in fieldMul.ts): carry columns 11..20 to 24 bits (c21 is the carry out),
// fold limb j ≥ 11 into j−11 (×250112) and j−10 (×2^16), carry 0..10, split the top carry
// (|top| < 2^45) into two 24-bit halves, fold them, and carry limbs 0..2 once more.
// Input limbs must be weak (|a[i]| ≤ 2^24.5): columns then stay below 11·2^49 < 2^52.5.

/** out = a² for weak a; out may alias a. */
export function sqr(out: Fe, a: Fe): void {
  const a0 = a[0] as number
  const a1 = a[1] as number
  const a2 = a[2] as number
  const a3 = a[3] as number
  const a4 = a[4] as number
  const a5 = a[5] as number
  const a6 = a[6] as number
  const a7 = a[7] as number
  const a8 = a[8] as number
  const a9 = a[9] as number
  const a10 = a[10] as number
  const d0 = 2 * a0
  const d1 = 2 * a1
  const d2 = 2 * a2
  const d3 = 2 * a3
  const d4 = 2 * a4
  const d5 = 2 * a5
  const d6 = 2 * a6
  const d7 = 2 * a7
  const d8 = 2 * a8
  const d9 = 2 * a9
  let c0 = a0 * a0
  let c1 = d0 * a1
  let c2 = d0 * a2 + a1 * a1
  let c3 = d0 * a3 + d1 * a2
  let c4 = d0 * a4 + d1 * a3 + a2 * a2
  let c5 = d0 * a5 + d1 * a4 + d2 * a3
  let c6 = d0 * a6 + d1 * a5 + d2 * a4 + a3 * a3
  let c7 = d0 * a7 + d1 * a6 + d2 * a5 + d3 * a4
  let c8 = d0 * a8 + d1 * a7 + d2 * a6 + d3 * a5 + a4 * a4
  let c9 = d0 * a9 + d1 * a8 + d2 * a7 + d3 * a6 + d4 * a5
  let c10 = d0 * a10 + d1 * a9 + d2 * a8 + d3 * a7 + d4 * a6 + a5 * a5
  let c11 = d1 * a10 + d2 * a9 + d3 * a8 + d4 * a7 + d5 * a6
  let c12 = d2 * a10 + d3 * a9 + d4 * a8 + d5 * a7 + a6 * a6
  let c13 = d3 * a10 + d4 * a9 + d5 * a8 + d6 * a7
  let c14 = d4 * a10 + d5 * a9 + d6 * a8 + a7 * a7
  let c15 = d5 * a10 + d6 * a9 + d7 * a8
  let c16 = d6 * a10 + d7 * a9 + a8 * a8
  let c17 = d7 * a10 + d8 * a9
  let c18 = d8 * a10 + a9 * a9
  let c19 = d9 * a10
  let c20 = a10 * a10
  let t: number
  t = Math.floor(c11 * R)
  c11 -= t * B
  c12 += t
  t = Math.floor(c12 * R)
  c12 -= t * B
  c13 += t
  t = Math.floor(c13 * R)
  c13 -= t * B
  c14 += t
  t = Math.floor(c14 * R)
  c14 -= t * B
  c15 += t
  t = Math.floor(c15 * R)
  c15 -= t * B
  c16 += t
  t = Math.floor(c16 * R)
  c16 -= t * B
  c17 += t
  t = Math.floor(c17 * R)
  c17 -= t * B
  c18 += t
  t = Math.floor(c18 * R)
  c18 -= t * B
  c19 += t
  t = Math.floor(c19 * R)
  c19 -= t * B
  c20 += t
  const c21 = Math.floor(c20 * R)
  c20 -= c21 * B
  c0 += c11 * F0
  c1 += c11 * F1 + c12 * F0
  c2 += c12 * F1 + c13 * F0
  c3 += c13 * F1 + c14 * F0
  c4 += c14 * F1 + c15 * F0
  c5 += c15 * F1 + c16 * F0
  c6 += c16 * F1 + c17 * F0
  c7 += c17 * F1 + c18 * F0
  c8 += c18 * F1 + c19 * F0
  c9 += c19 * F1 + c20 * F0
  c10 += c20 * F1 + c21 * F0
  t = Math.floor(c0 * R)
  c0 -= t * B
  c1 += t
  t = Math.floor(c1 * R)
  c1 -= t * B
  c2 += t
  t = Math.floor(c2 * R)
  c2 -= t * B
  c3 += t
  t = Math.floor(c3 * R)
  c3 -= t * B
  c4 += t
  t = Math.floor(c4 * R)
  c4 -= t * B
  c5 += t
  t = Math.floor(c5 * R)
  c5 -= t * B
  c6 += t
  t = Math.floor(c6 * R)
  c6 -= t * B
  c7 += t
  t = Math.floor(c7 * R)
  c7 -= t * B
  c8 += t
  t = Math.floor(c8 * R)
  c8 -= t * B
  c9 += t
  t = Math.floor(c9 * R)
  c9 -= t * B
  c10 += t
  t = Math.floor(c10 * R)
  c10 -= t * B
  const top = t + c21 * F1
  const t1 = Math.floor(top * R)
  const t0 = top - t1 * B
  c0 += t0 * F0
  c1 += t0 * F1 + t1 * F0
  c2 += t1 * F1
  t = Math.floor(c0 * R)
  c0 -= t * B
  c1 += t
  t = Math.floor(c1 * R)
  c1 -= t * B
  c2 += t
  t = Math.floor(c2 * R)
  c2 -= t * B
  c3 += t
  out[0] = c0
  out[1] = c1
  out[2] = c2
  out[3] = c3
  out[4] = c4
  out[5] = c5
  out[6] = c6
  out[7] = c7
  out[8] = c8
  out[9] = c9
  out[10] = c10
}
