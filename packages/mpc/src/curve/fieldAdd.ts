/**
 * Addition and subtraction of field elements, unrolled on locals (the point formulas call them
 * about as often as `mul`, so the loop overhead showed). Same contract as the loop forms they
 * replaced: weak inputs (|limb| ≤ 2^24.5) give weak outputs; any aliasing allowed, since every
 * limb is read before the first store. Never add a branch or index on limb values here.
 */
import type { Fe } from './field.ts'

const B = 16777216 // 2^24
const R = 1 / B
const F0 = 250112 // 2^264 ≡ 2^40 + 250112 (mod p): the low part, at limb 0
const F1 = 65536 // … and 2^40 = 2^16·2^24, at limb 1

/** out = a + b, weak. */
export function add(out: Fe, a: Fe, b: Fe): void {
  const s0 = (a[0] as number) + (b[0] as number)
  const s1 = (a[1] as number) + (b[1] as number)
  const s2 = (a[2] as number) + (b[2] as number)
  const s3 = (a[3] as number) + (b[3] as number)
  const s4 = (a[4] as number) + (b[4] as number)
  const s5 = (a[5] as number) + (b[5] as number)
  const s6 = (a[6] as number) + (b[6] as number)
  const s7 = (a[7] as number) + (b[7] as number)
  const s8 = (a[8] as number) + (b[8] as number)
  const s9 = (a[9] as number) + (b[9] as number)
  const s10 = (a[10] as number) + (b[10] as number)
  const c0 = Math.floor(s0 * R)
  const c1 = Math.floor(s1 * R)
  const c2 = Math.floor(s2 * R)
  const c3 = Math.floor(s3 * R)
  const c4 = Math.floor(s4 * R)
  const c5 = Math.floor(s5 * R)
  const c6 = Math.floor(s6 * R)
  const c7 = Math.floor(s7 * R)
  const c8 = Math.floor(s8 * R)
  const c9 = Math.floor(s9 * R)
  const c10 = Math.floor(s10 * R)
  // limb i keeps s_i mod 2^24 plus the carry from i − 1; the carry out of limb 10 (weight
  // 2^264) folds to limbs 0 and 1. Every carry is computed from the inputs before any store.
  out[0] = s0 - c0 * B + c10 * F0
  out[1] = s1 - c1 * B + c0 + c10 * F1
  out[2] = s2 - c2 * B + c1
  out[3] = s3 - c3 * B + c2
  out[4] = s4 - c4 * B + c3
  out[5] = s5 - c5 * B + c4
  out[6] = s6 - c6 * B + c5
  out[7] = s7 - c7 * B + c6
  out[8] = s8 - c8 * B + c7
  out[9] = s9 - c9 * B + c8
  out[10] = s10 - c10 * B + c9
}

/** out = a − b, weak (limbs may be negative). */
export function sub(out: Fe, a: Fe, b: Fe): void {
  const s0 = (a[0] as number) - (b[0] as number)
  const s1 = (a[1] as number) - (b[1] as number)
  const s2 = (a[2] as number) - (b[2] as number)
  const s3 = (a[3] as number) - (b[3] as number)
  const s4 = (a[4] as number) - (b[4] as number)
  const s5 = (a[5] as number) - (b[5] as number)
  const s6 = (a[6] as number) - (b[6] as number)
  const s7 = (a[7] as number) - (b[7] as number)
  const s8 = (a[8] as number) - (b[8] as number)
  const s9 = (a[9] as number) - (b[9] as number)
  const s10 = (a[10] as number) - (b[10] as number)
  const c0 = Math.floor(s0 * R)
  const c1 = Math.floor(s1 * R)
  const c2 = Math.floor(s2 * R)
  const c3 = Math.floor(s3 * R)
  const c4 = Math.floor(s4 * R)
  const c5 = Math.floor(s5 * R)
  const c6 = Math.floor(s6 * R)
  const c7 = Math.floor(s7 * R)
  const c8 = Math.floor(s8 * R)
  const c9 = Math.floor(s9 * R)
  const c10 = Math.floor(s10 * R)
  // limb i keeps s_i mod 2^24 plus the carry from i − 1; the carry out of limb 10 (weight
  // 2^264) folds to limbs 0 and 1. Every carry is computed from the inputs before any store.
  out[0] = s0 - c0 * B + c10 * F0
  out[1] = s1 - c1 * B + c0 + c10 * F1
  out[2] = s2 - c2 * B + c1
  out[3] = s3 - c3 * B + c2
  out[4] = s4 - c4 * B + c3
  out[5] = s5 - c5 * B + c4
  out[6] = s6 - c6 * B + c5
  out[7] = s7 - c7 * B + c6
  out[8] = s8 - c8 * B + c7
  out[9] = s9 - c9 * B + c8
  out[10] = s10 - c10 * B + c9
}
