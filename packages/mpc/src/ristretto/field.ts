/**
 * The ristretto255 / edwards25519 field, p = 2^255 − 19, as 11 limbs of 24 bits in a Float64Array
 * (exact integers below 2^53): conversions, add/sub/neg, canonical form, constant-time selects,
 * inversion and SQRT_RATIO_M1 (RFC 9496 §4.2) by fixed addition chains. Nothing here branches on,
 * or indexes memory by, an element's value; results that are bits come back as 0/1 numbers.
 */
import { cmov, fromLimbs, toLimbs } from '../limbs/limbs24.ts'
import { mul } from './fieldMul.ts'
import { sqr } from './fieldSqr.ts'

/** 11 signed limbs, value Σ a[i]·2^(24i) mod p. "Weak" (every op's output) when |a[i]| ≤ 2^24.5. */
export type Fe = Float64Array

export { cmov, mul, sqr }

const B = 16777216 // 2^24
const R = 1 / B
const F = 9728 // 2^264 ≡ 9728 (mod p)
const TOP = 32768 // 2^15: limb 10 holds bits 240..254 of a canonical value
export const P_BIG = 2n ** 255n - 19n

export function fe(): Fe {
  return new Float64Array(11)
}

/** An element from a bigint in [0, 2^264) (constants and tests only: BigInt is not constant-time). */
export function feFromBig(x: bigint): Fe {
  return toLimbs(x, fe(), 0, 11)
}

/** out = a + b, carried to weak (limbs < 2^24 but limb 0 ≤ 2^24 + 2^15); any aliasing allowed. */
export function add(out: Fe, a: Fe, b: Fe): void {
  const s0 = (a[0] as number) + (b[0] as number)
  const c0 = Math.floor(s0 * R)
  const s1 = (a[1] as number) + (b[1] as number) + c0
  const c1 = Math.floor(s1 * R)
  const s2 = (a[2] as number) + (b[2] as number) + c1
  const c2 = Math.floor(s2 * R)
  const s3 = (a[3] as number) + (b[3] as number) + c2
  const c3 = Math.floor(s3 * R)
  const s4 = (a[4] as number) + (b[4] as number) + c3
  const c4 = Math.floor(s4 * R)
  const s5 = (a[5] as number) + (b[5] as number) + c4
  const c5 = Math.floor(s5 * R)
  const s6 = (a[6] as number) + (b[6] as number) + c5
  const c6 = Math.floor(s6 * R)
  const s7 = (a[7] as number) + (b[7] as number) + c6
  const c7 = Math.floor(s7 * R)
  const s8 = (a[8] as number) + (b[8] as number) + c7
  const c8 = Math.floor(s8 * R)
  const s9 = (a[9] as number) + (b[9] as number) + c8
  const c9 = Math.floor(s9 * R)
  const s10 = (a[10] as number) + (b[10] as number) + c9
  const c10 = Math.floor(s10 * R)
  out[0] = s0 - c0 * B + c10 * F
  out[1] = s1 - c1 * B
  out[2] = s2 - c2 * B
  out[3] = s3 - c3 * B
  out[4] = s4 - c4 * B
  out[5] = s5 - c5 * B
  out[6] = s6 - c6 * B
  out[7] = s7 - c7 * B
  out[8] = s8 - c8 * B
  out[9] = s9 - c9 * B
  out[10] = s10 - c10 * B
}

/** out = a − b, carried to weak (limb 0 may be slightly negative); any aliasing allowed. */
export function sub(out: Fe, a: Fe, b: Fe): void {
  const s0 = (a[0] as number) - (b[0] as number)
  const c0 = Math.floor(s0 * R)
  const s1 = (a[1] as number) - (b[1] as number) + c0
  const c1 = Math.floor(s1 * R)
  const s2 = (a[2] as number) - (b[2] as number) + c1
  const c2 = Math.floor(s2 * R)
  const s3 = (a[3] as number) - (b[3] as number) + c2
  const c3 = Math.floor(s3 * R)
  const s4 = (a[4] as number) - (b[4] as number) + c3
  const c4 = Math.floor(s4 * R)
  const s5 = (a[5] as number) - (b[5] as number) + c4
  const c5 = Math.floor(s5 * R)
  const s6 = (a[6] as number) - (b[6] as number) + c5
  const c6 = Math.floor(s6 * R)
  const s7 = (a[7] as number) - (b[7] as number) + c6
  const c7 = Math.floor(s7 * R)
  const s8 = (a[8] as number) - (b[8] as number) + c7
  const c8 = Math.floor(s8 * R)
  const s9 = (a[9] as number) - (b[9] as number) + c8
  const c9 = Math.floor(s9 * R)
  const s10 = (a[10] as number) - (b[10] as number) + c9
  const c10 = Math.floor(s10 * R)
  out[0] = s0 - c0 * B + c10 * F
  out[1] = s1 - c1 * B
  out[2] = s2 - c2 * B
  out[3] = s3 - c3 * B
  out[4] = s4 - c4 * B
  out[5] = s5 - c5 * B
  out[6] = s6 - c6 * B
  out[7] = s7 - c7 * B
  out[8] = s8 - c8 * B
  out[9] = s9 - c9 * B
  out[10] = s10 - c10 * B
}

/**
 * out = a + b limb by limb, no carry. Only for a, b TIGHT (mul/sqr outputs, |limb| ≤ 2^24.001):
 * the result (≤ 2^25.001) may be multiplied only by a tight or carried element, never by another
 * such sum (11·2^50 would exceed 2^53). point.ts documents each use.
 */
export function addNc(out: Fe, a: Fe, b: Fe): void {
  for (let i = 0; i < 11; i++) out[i] = (a[i] as number) + (b[i] as number)
}

/** out = a − b limb by limb, no carry; the same contract as `addNc`. */
export function subNc(out: Fe, a: Fe, b: Fe): void {
  for (let i = 0; i < 11; i++) out[i] = (a[i] as number) - (b[i] as number)
}

/** out = −a: negating every limb keeps it weak. */
export function neg(out: Fe, a: Fe): void {
  for (let i = 0; i < 11; i++) out[i] = -(a[i] as number)
}

/** Carries limbs 0..9 into limb 10, then folds bits ≥ 255 of limb 10 with 2^255 ≡ 19. */
function carryFold(o: Fe): void {
  let c = 0
  for (let i = 0; i < 10; i++) {
    const s = (o[i] as number) + c
    c = Math.floor(s * R)
    o[i] = s - c * B
  }
  const top = (o[10] as number) + c
  const t = Math.floor(top / TOP)
  o[10] = top - t * TOP
  o[0] = (o[0] as number) + t * 19
}

const tmpW = fe()
/** out = a in canonical form: limbs 0..9 in [0, 2^24), limb 10 in [0, 2^15), value < p. */
export function normalize(out: Fe, a: Fe): void {
  out.set(a)
  carryFold(out) // value in (−2^15, 2^255 + 2^15), limbs 1..10 canonical
  carryFold(out) // value in [0, 2^255), every limb canonical
  // value ≥ p exactly when value + 19 ≥ 2^255: then take value + 19 − 2^255.
  const w = tmpW
  let c = 19
  for (let i = 0; i < 10; i++) {
    const s = (out[i] as number) + c
    c = Math.floor(s * R)
    w[i] = s - c * B
  }
  const top = (out[10] as number) + c
  const q = Math.floor(top / TOP)
  w[10] = top - q * TOP
  cmov(out, out, w, q)
}

const tmpN = fe()
/** 1 when a ≡ 0 (mod p), else 0. */
export function isZero(a: Fe): number {
  normalize(tmpN, a)
  let acc = 0
  for (let i = 0; i < 11; i++) acc |= tmpN[i] as number
  return ((acc | -acc) >>> 31) ^ 1
}

const tmpE = fe()
/** 1 when a ≡ b (mod p), else 0. */
export function equal(a: Fe, b: Fe): number {
  sub(tmpE, a, b)
  return isZero(tmpE)
}

/** RFC 9496 IS_NEGATIVE: the low bit of the canonical value, as 0/1. */
export function isNegative(a: Fe): number {
  normalize(tmpN, a)
  return (tmpN[0] as number) & 1
}

/** out = |a| (RFC 9496 CT_ABS: the non-negative one of ±a). */
export function abs(out: Fe, a: Fe): void {
  neg(tmpE, a)
  cmov(out, a, tmpE, isNegative(a))
}

/** Reads 32 bytes little-endian at `off`, all 256 bits (`mask255` clears bit 255); may be ≥ p. */
export function fromBytes(bytes: Uint8Array, off = 0, mask255 = false): Fe {
  const o = fe()
  for (let i = 0; i < 10; i++) {
    const j = off + 3 * i
    o[i] = (bytes[j] as number) | ((bytes[j + 1] as number) << 8) | ((bytes[j + 2] as number) << 16)
  }
  const hi = (bytes[off + 31] as number) & (mask255 ? 0x7f : 0xff)
  o[10] = (bytes[off + 30] as number) | (hi << 8)
  return o
}

/** Writes the canonical value as 32 bytes little-endian at `off`. */
export function toBytes(a: Fe, out: Uint8Array = new Uint8Array(32), off = 0): Uint8Array {
  normalize(tmpN, a)
  for (let i = 0; i < 10; i++) {
    const v = tmpN[i] as number
    const j = off + 3 * i
    out[j] = v & 255
    out[j + 1] = (v >>> 8) & 255
    out[j + 2] = v >>> 16
  }
  const v10 = tmpN[10] as number
  out[off + 30] = v10 & 255
  out[off + 31] = v10 >>> 8
  return out
}

/** 1 when a (as read by `fromBytes`, unmasked) is the canonical representative (< p), else 0. */
export function isCanonical(a: Fe): number {
  normalize(tmpN, a)
  let diff = 0
  for (let i = 0; i < 11; i++) diff |= (tmpN[i] as number) ^ (a[i] as number)
  return ((diff | -diff) >>> 31) ^ 1
}

/** The canonical value as a bigint (tests and public values only). */
export function toBig(a: Fe): bigint {
  normalize(tmpN, a)
  return fromLimbs(tmpN, 11)
}

function sqrN(out: Fe, a: Fe, n: number): void {
  sqr(out, a)
  for (let i = 1; i < n; i++) sqr(out, out)
}

const z11 = fe()
const b5 = fe()
const b10 = fe()
const b50 = fe()
const b100 = fe()
const t = fe()
/** Leaves a^11 in z11 and returns a^(2^250 − 1) in t (fixed chain). */
function pow250(a: Fe): void {
  sqr(t, a) // 2
  sqr(b5, t)
  sqr(b5, b5)
  mul(b5, b5, a) // 9
  mul(z11, t, b5) // 11
  sqr(t, z11) // 22
  mul(b5, b5, t) // 31 = 2^5 − 1
  sqrN(t, b5, 5)
  mul(b10, t, b5) // 2^10 − 1
  sqrN(t, b10, 10)
  mul(t, t, b10) // 2^20 − 1
  sqrN(b50, t, 20)
  mul(b50, b50, t) // 2^40 − 1
  sqrN(b50, b50, 10)
  mul(b50, b50, b10) // 2^50 − 1
  sqrN(t, b50, 50)
  mul(b100, t, b50) // 2^100 − 1
  sqrN(t, b100, 100)
  mul(t, t, b100) // 2^200 − 1
  sqrN(t, t, 50)
  mul(t, t, b50) // 2^250 − 1
}

/** out = a^(p−2) = a⁻¹ (0 maps to 0): (2^250 − 1)·2^5 + 11 = 2^255 − 21. */
export function inv(out: Fe, a: Fe): void {
  pow250(a)
  sqrN(t, t, 5)
  mul(out, t, z11)
}

/** out = a^((p−5)/8) = a^(2^252 − 3). */
export function powP58(out: Fe, a: Fe): void {
  pow250(a)
  sqrN(t, t, 2)
  mul(out, t, a)
}

export const SQRT_M1 =
  feFromBig(0x2b8324804fc1df0b2b4d00993dfbd7a72f431806ad2fe478c4ee1b274a0ea0b0n)
const v3 = fe()
const v7 = fe()
const r = fe()
const chk = fe()
const nu = fe()
const rp = fe()
/**
 * RFC 9496 §4.2 SQRT_RATIO_M1(u, v): writes into out the non-negative √(u/v) or √(i·u/v) and
 * returns 1 when u/v was a square (or u = 0), else 0. Constant-time; out may alias u or v.
 */
export function sqrtRatioM1(out: Fe, u: Fe, v: Fe): number {
  sqr(v3, v)
  mul(v3, v3, v) // v³
  sqr(v7, v3)
  mul(v7, v7, v) // v⁷
  mul(r, u, v7)
  powP58(r, r) // (u·v⁷)^((p−5)/8)
  mul(r, r, v3)
  mul(r, r, u) // r = (u·v³)·(u·v⁷)^((p−5)/8)
  sqr(chk, r)
  mul(chk, chk, v) // check = v·r²
  const correct = equal(chk, u)
  neg(nu, u)
  const flipped = equal(chk, nu)
  mul(nu, nu, SQRT_M1)
  const flippedI = equal(chk, nu)
  mul(rp, r, SQRT_M1)
  cmov(r, r, rp, flipped | flippedI)
  abs(out, r)
  return correct | flipped
}
