/**
 * The field of secp256k1 coordinates, p = 2^256 − 2^32 − 977, as 11 limbs of 24 bits in a
 * Float64Array (exact integers below 2^53): conversions, add/sub/neg, canonical form, inversion,
 * square root. Nothing here branches on, or indexes memory by, an element's value; only the
 * boolean results of `isZero`/`equal`/`sqrt` and the bytes of `toBytes` reveal anything.
 */
import { cmov, fromLimbs, toLimbs } from '../limbs/limbs24.ts'
import { add, sub } from './fieldAdd.ts'
import { mul } from './fieldMul.ts'
import { sqr } from './fieldSqr.ts'

/** 11 signed limbs, value Σ a[i]·2^(24i) mod p. "Weak" (every op's output) when |a[i]| ≤ 2^24.5. */
export type Fe = Float64Array

export { add, cmov, mul, sqr, sub }

const B = 16777216 // 2^24
const R = 1 / B
const F0 = 250112 // 2^264 mod p = 2^40 + 250112
const F1 = 65536
export const P_BIG = 2n ** 256n - 2n ** 32n - 977n

export function fe(): Fe {
  return new Float64Array(11)
}

/** An element from a bigint in [0, 2^264) (public values only: BigInt work is not constant-time). */
export function feFromBig(x: bigint): Fe {
  return toLimbs(x, fe(), 0, 11)
}

const P_LIMBS = feFromBig(P_BIG)

export function copy(out: Fe, a: Fe): void {
  out.set(a)
}

/** out = −a: negating every limb keeps it weak. */
export function neg(out: Fe, a: Fe): void {
  for (let i = 0; i < 11; i++) out[i] = -(a[i] as number)
}

/** out = k·a for an integer 0 ≤ k ≤ 21 (e.g. 3b = 21), weak. */
export function mulSmall(out: Fe, a: Fe, k: number): void {
  let c10 = 0
  for (let i = 0; i < 11; i++) {
    const s = (a[i] as number) * k
    const c = Math.floor(s * R)
    out[i] = s - c * B + c10
    c10 = c
  }
  let r0 = (out[0] as number) + c10 * F0
  let r1 = (out[1] as number) + c10 * F1
  let t = Math.floor(r0 * R)
  r0 -= t * B
  r1 += t
  t = Math.floor(r1 * R)
  out[0] = r0
  out[1] = r1 - t * B
  out[2] = (out[2] as number) + t
}

/** Carries limbs 0..9 into limb 10, then folds bits ≥ 256 of limb 10 with 2^256 ≡ 2^32 + 977. */
function carryFold(o: Fe): void {
  let c = 0
  for (let i = 0; i < 10; i++) {
    const s = (o[i] as number) + c
    c = Math.floor(s * R)
    o[i] = s - c * B
  }
  const top = (o[10] as number) + c
  const t = Math.floor(top * 1.52587890625e-5) // bits ≥ 256 (top / 2^16)
  o[10] = top - t * 65536
  o[0] = (o[0] as number) + t * 977
  o[1] = (o[1] as number) + t * 256
}

/** out = a in canonical form: limbs 0..9 in [0, 2^24), limb 10 in [0, 2^16), value < p. */
export function normalize(out: Fe, a: Fe): void {
  out.set(a)
  carryFold(out) // value now in (−2^42, 2^256 + 2^42)
  carryFold(out) // value now in [0, 2^256), limb 0 and 1 possibly above 2^24
  carryFold(out) // limbs in range, value in [0, 2^256), top fold is 0
  // conditional subtraction of p, selected by the final borrow (−1: keep a, 0: take a − p)
  let borrow = 0
  const w = tmpW
  for (let i = 0; i < 11; i++) {
    const s = (out[i] as number) - (P_LIMBS[i] as number) + borrow
    borrow = Math.floor(s * R)
    w[i] = s - borrow * B
  }
  cmov(out, out, w, 1 + borrow)
}
const tmpW = fe()

const tmpN = fe()
/** True when a ≡ 0 (mod p). */
export function isZero(a: Fe): boolean {
  normalize(tmpN, a)
  let acc = 0
  for (let i = 0; i < 11; i++) acc += tmpN[i] as number
  return acc === 0
}

const tmpE = fe()
export function equal(a: Fe, b: Fe): boolean {
  sub(tmpE, a, b)
  return isZero(tmpE)
}

/** The parity of the canonical value (for SEC1's 0x02/0x03 prefix). */
export function isOdd(a: Fe): boolean {
  normalize(tmpN, a)
  return ((tmpN[0] as number) & 1) === 1
}

/** Reads 32 bytes big-endian at `off`; the value may be ≥ p (see `isCanonical`). */
export function fromBytes(bytes: Uint8Array, off = 0): Fe {
  const o = fe()
  for (let i = 0; i < 10; i++) {
    const j = off + 31 - 3 * i
    o[i] = (bytes[j] as number) | ((bytes[j - 1] as number) << 8) | ((bytes[j - 2] as number) << 16)
  }
  o[10] = (bytes[off + 1] as number) | ((bytes[off] as number) << 8)
  return o
}

/** Writes the canonical value as 32 bytes big-endian at `off`. */
export function toBytes(a: Fe, out: Uint8Array = new Uint8Array(32), off = 0): Uint8Array {
  normalize(tmpN, a)
  for (let i = 0; i < 10; i++) {
    const v = tmpN[i] as number
    const j = off + 31 - 3 * i
    out[j] = v & 255
    out[j - 1] = (v >>> 8) & 255
    out[j - 2] = v >>> 16
  }
  const v10 = tmpN[10] as number
  out[off + 1] = v10 & 255
  out[off] = v10 >>> 8
  return out
}

/** True when a (as read by `fromBytes`) is already the canonical representative (< p). */
export function isCanonical(a: Fe): boolean {
  normalize(tmpN, a)
  let diff = 0
  for (let i = 0; i < 11; i++) diff += Math.abs((tmpN[i] as number) - (a[i] as number))
  return diff === 0
}

/** The canonical value as a bigint (public values only). */
export function toBig(a: Fe): bigint {
  normalize(tmpN, a)
  return fromLimbs(tmpN, 11)
}

function sqrN(out: Fe, a: Fe, n: number): void {
  sqr(out, a)
  for (let i = 1; i < n; i++) sqr(out, out)
}

const x2 = fe()
const x3 = fe()
const x22 = fe()
const t = fe()
const u = fe()
const x44 = fe()
/** Leaves a^(2^2−1) in x2, a^(2^22−1) in x22 and returns a^(2^223−1) in t (fixed chain). */
function pow223(a: Fe): void {
  sqr(x2, a)
  mul(x2, x2, a)
  sqr(x3, x2)
  mul(x3, x3, a)
  sqrN(t, x3, 3)
  mul(t, t, x3) // x6
  sqrN(t, t, 3)
  mul(t, t, x3) // x9
  sqrN(t, t, 2)
  mul(t, t, x2) // x11
  sqrN(x22, t, 11)
  mul(x22, x22, t) // x22
  sqrN(t, x22, 22)
  mul(t, t, x22) // x44
  sqrN(u, t, 44)
  mul(u, u, t) // x88
  x44.set(t)
  sqrN(t, u, 88)
  mul(t, t, u) // x176
  sqrN(t, t, 44)
  mul(t, t, x44) // x220
  sqrN(t, t, 3)
  mul(t, t, x3) // x223
}

/** out = a^(p−2) = a⁻¹ (0 maps to 0). p−2 = 1^223 0 1^22 0000101101 in binary. */
export function inv(out: Fe, a: Fe): void {
  pow223(a)
  sqrN(t, t, 23)
  mul(t, t, x22)
  sqrN(t, t, 5)
  mul(t, t, a)
  sqrN(t, t, 3)
  mul(t, t, x2)
  sqrN(t, t, 2)
  mul(out, t, a)
}

const root = fe()
/** out = a^((p+1)/4); returns whether that squares back to a (i.e. a is a square). */
export function sqrt(out: Fe, a: Fe): boolean {
  pow223(a)
  sqrN(t, t, 23)
  mul(t, t, x22)
  sqrN(t, t, 6)
  mul(t, t, x2)
  sqrN(root, t, 2)
  sqr(u, root)
  const ok = equal(u, a)
  out.set(root)
  return ok
}
