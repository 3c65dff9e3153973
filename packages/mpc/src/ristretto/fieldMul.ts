/**
 * The multiplication kernel of the ristretto255 field (p = 2^255 − 19): a·b mod p on 11 × 24-bit
 * Float64 limbs, fully unrolled on locals. Column sums stay below 2^53 (exact); the reduction
 * carries columns 11..20 to 24 bits and folds column j ≥ 11 into j − 11 with 2^264 ≡ 9728.
 * The 121 column products are the same as in the other field's kernel (`curve/` ↔ `ristretto/`):
 * only the reduction differs. They are written out in each on purpose: splitting the kernel into
 * shared parts (a helper taking the 21 columns as arguments) measured about 2× slower, and this is
 * the hottest code in the package.
 * Never add a branch or a table index that depends on limb values here.
 */
import type { Fe } from './field.ts'

const B = 16777216 // 2^24
const R = 1 / B
const F = 9728 // 2^264 = 2^9·2^255 ≡ 2^9·19 (mod p)

// Input limbs must be weak (|a[i]| ≤ 2^24.5): columns then stay below 11·2^49 < 2^52.5. After the
// fold, c0..c10 < 2^52.6; the final carry out of limb 10 (< 2^29) folds ×9728 into limb 0, which
// one more carry brings back to 24 bits (limb 1 may exceed 2^24 by < 2^19: still weak).

/** out = a·b for weak a, b; out may alias a or b. */
export function mul(out: Fe, a: Fe, b: Fe): void {
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
  const b0 = b[0] as number
  const b1 = b[1] as number
  const b2 = b[2] as number
  const b3 = b[3] as number
  const b4 = b[4] as number
  const b5 = b[5] as number
  const b6 = b[6] as number
  const b7 = b[7] as number
  const b8 = b[8] as number
  const b9 = b[9] as number
  const b10 = b[10] as number
  let c0 = a0 * b0
  let c1 = a0 * b1 + a1 * b0
  let c2 = a0 * b2 + a1 * b1 + a2 * b0
  let c3 = a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0
  let c4 = a0 * b4 + a1 * b3 + a2 * b2 + a3 * b1 + a4 * b0
  let c5 = a0 * b5 + a1 * b4 + a2 * b3 + a3 * b2 + a4 * b1 + a5 * b0
  let c6 = a0 * b6 + a1 * b5 + a2 * b4 + a3 * b3 + a4 * b2 + a5 * b1 + a6 * b0
  let c7 = a0 * b7 + a1 * b6 + a2 * b5 + a3 * b4 + a4 * b3 + a5 * b2 + a6 * b1 + a7 * b0
  let c8 = a0 * b8 + a1 * b7 + a2 * b6 + a3 * b5 + a4 * b4 + a5 * b3 + a6 * b2 + a7 * b1 + a8 * b0
  let c9 =
    a0 * b9 +
    a1 * b8 +
    a2 * b7 +
    a3 * b6 +
    a4 * b5 +
    a5 * b4 +
    a6 * b3 +
    a7 * b2 +
    a8 * b1 +
    a9 * b0
  let c10 =
    a0 * b10 +
    a1 * b9 +
    a2 * b8 +
    a3 * b7 +
    a4 * b6 +
    a5 * b5 +
    a6 * b4 +
    a7 * b3 +
    a8 * b2 +
    a9 * b1 +
    a10 * b0
  let c11 =
    a1 * b10 +
    a2 * b9 +
    a3 * b8 +
    a4 * b7 +
    a5 * b6 +
    a6 * b5 +
    a7 * b4 +
    a8 * b3 +
    a9 * b2 +
    a10 * b1
  let c12 =
    a2 * b10 + a3 * b9 + a4 * b8 + a5 * b7 + a6 * b6 + a7 * b5 + a8 * b4 + a9 * b3 + a10 * b2
  let c13 = a3 * b10 + a4 * b9 + a5 * b8 + a6 * b7 + a7 * b6 + a8 * b5 + a9 * b4 + a10 * b3
  let c14 = a4 * b10 + a5 * b9 + a6 * b8 + a7 * b7 + a8 * b6 + a9 * b5 + a10 * b4
  let c15 = a5 * b10 + a6 * b9 + a7 * b8 + a8 * b7 + a9 * b6 + a10 * b5
  let c16 = a6 * b10 + a7 * b9 + a8 * b8 + a9 * b7 + a10 * b6
  let c17 = a7 * b10 + a8 * b9 + a9 * b8 + a10 * b7
  let c18 = a8 * b10 + a9 * b9 + a10 * b8
  let c19 = a9 * b10 + a10 * b9
  let c20 = a10 * b10
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
  c0 += c11 * F
  c1 += c12 * F
  c2 += c13 * F
  c3 += c14 * F
  c4 += c15 * F
  c5 += c16 * F
  c6 += c17 * F
  c7 += c18 * F
  c8 += c19 * F
  c9 += c20 * F
  c10 += c21 * F
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
  c0 += t * F
  t = Math.floor(c0 * R)
  c0 -= t * B
  c1 += t
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
