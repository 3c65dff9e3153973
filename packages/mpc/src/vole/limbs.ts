/**
 * Arithmetic mod q (the secp256k1 group order) on 16 little-endian 16-bit limbs held in
 * Float64Arrays, for the vOLE's hot loops: tens of thousands of reductions, sums and products per
 * signature without allocating a BigInt each. Limb products are < 2^32 and every column sum stays
 * far below 2^53, so double arithmetic is exact. Reduction folds the high part with
 * 2^256 ≡ C = 2^256 − q (129 bits) (the usual secp256k1 order reduction) a fixed number of times
 * given by the input length, then subtracts q once, branch-free. Values are secret: nothing here
 * may branch or index memory on limb values. Callers keep every input non-negative.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'

export const Q = secp256k1.Point.Fn.ORDER
/** Limbs of a canonical scalar. */
export const LIMBS = 16
const RADIX = 65536
const INV_RADIX = 1 / RADIX

/** v (≥ 0, < 2^(16·count)) as `count` limbs. */
export function toLimbs(v: bigint, count = LIMBS): Float64Array {
  const out = new Float64Array(count)
  for (let i = 0; i < count; i++, v >>= 16n) out[i] = Number(v & 0xffffn)
  return out
}

/** Normalised limbs (each in [0, 2^16)) back to a BigInt (off the hot path only). */
export function fromLimbs(x: Float64Array, off = 0, count = LIMBS): bigint {
  let v = 0n
  for (let i = count - 1; i >= 0; i--) v = (v << 16n) | BigInt(x[off + i] as number)
  return v
}

const Q_LIMBS = toLimbs(Q, LIMBS + 1)
const C = toLimbs((1n << 256n) - Q, 9)

/**
 * Carry-propagates x[0..len) (any signed limb values, |v| < 2^52) into limbs in [0, 2^16) and
 * returns the final carry (the caller sizes `len` so a non-negative value leaves carry 0).
 */
function carry(x: Float64Array, off: number, len: number): number {
  let c = 0
  for (let i = off; i < off + len; i++) {
    const v = (x[i] as number) + c
    c = Math.floor(v * INV_RADIX)
    x[i] = v - c * RADIX
  }
  return c
}

/** Scratch for `reduce`: two buffers of 48 limbs. */
export type LimbScratch = { readonly a: Float64Array; readonly b: Float64Array }
export function limbScratch(): LimbScratch {
  return { a: new Float64Array(48), b: new Float64Array(48) }
}

/** y = x_lo + x_hi·C from normalised x[0..len), into y (normalised); returns y's length. */
function fold(x: Float64Array, len: number, y: Float64Array): number {
  const hi = len - LIMBS
  const next = Math.max(LIMBS, hi + C.length) + 1
  for (let i = 0; i < LIMBS; i++) y[i] = x[i] as number
  for (let i = LIMBS; i < next; i++) y[i] = 0
  for (let a = 0; a < hi; a++) {
    const h = x[LIMBS + a] as number
    for (let b = 0; b < C.length; b++) y[a + b] = (y[a + b] as number) + h * (C[b] as number)
  }
  carry(y, 0, next)
  return next
}

/**
 * out[outOff..+16) = x mod q for a non-negative value in x[0..len) (limbs of any size < 2^46,
 * len ≤ 40). `x` is left untouched; the scratch buffers are clobbered.
 */
export function reduce(
  x: Float64Array,
  len: number,
  out: Float64Array,
  outOff: number,
  s: LimbScratch,
): void {
  let cur = s.a
  let nxt = s.b
  // Four spare limbs absorb the carries of limbs up to 2^46 (and of sums of several such values).
  let n = Math.max(len + 4, LIMBS + 1)
  for (let i = 0; i < len; i++) cur[i] = x[i] as number
  for (let i = len; i < n; i++) cur[i] = 0
  carry(cur, 0, n)
  // Each fold shrinks the length by 16 − 9 limbs until 17 remain; the count depends on `len` only.
  while (n > LIMBS + 1) {
    n = fold(cur, n, nxt)
    const t = cur
    cur = nxt
    nxt = t
  }
  // One more fold at 17 limbs leaves a value < 2^256 + 2^145 < 2q.
  fold(cur, LIMBS + 1, nxt)
  // Subtract q once and keep the difference unless it borrowed.
  for (let i = 0; i <= LIMBS; i++) cur[i] = (nxt[i] as number) - (Q_LIMBS[i] as number)
  const borrow = -carry(cur, 0, LIMBS + 1) // 1 when the value was < q
  for (let i = 0; i < LIMBS; i++) {
    const d = cur[i] as number
    out[outOff + i] = d + borrow * ((nxt[i] as number) - d)
  }
}

/** T_i = t·2^(16i) mod q for i < count: the table that turns a product by t into limb MACs. */
export function productTable(t: bigint, count = LIMBS): Float64Array {
  const out = new Float64Array(count * LIMBS)
  let v = t % Q
  for (let i = 0; i < count; i++) {
    out.set(toLimbs(v), i * LIMBS)
    v = (v << 16n) % Q
  }
  return out
}

/**
 * acc[0..16) += Σ_i z[zOff + i]·T_i for i < count: a value ≡ t·z (mod q), below count·2^32·q,
 * to be finished by `reduce`.
 */
export function mulTableAcc(
  z: Float64Array,
  zOff: number,
  count: number,
  table: Float64Array,
  acc: Float64Array,
): void {
  for (let i = 0; i < count; i++) {
    const zi = z[zOff + i] as number
    const o = i * LIMBS
    for (let m = 0; m < LIMBS; m++) acc[m] = (acc[m] as number) + zi * (table[o + m] as number)
  }
}

/**
 * acc[0..aLen+bLen) += a·b (schoolbook on limbs; each call adds less than min(aLen, bLen)·2^34 to
 * a column when the limbs are below 2^17).
 */
export function mulAcc(
  a: Float64Array,
  aOff: number,
  aLen: number,
  b: Float64Array,
  bOff: number,
  bLen: number,
  acc: Float64Array,
): void {
  for (let i = 0; i < aLen; i++) {
    const ai = a[aOff + i] as number
    for (let k = 0; k < bLen; k++)
      acc[i + k] = (acc[i + k] as number) + ai * (b[bOff + k] as number)
  }
}

/** Writes 16 normalised limbs as a 32-byte big-endian scalar at `bytes[off..off+32)`. */
export function writeLimbs(x: Float64Array, xOff: number, bytes: Uint8Array, off: number): void {
  for (let i = 0; i < LIMBS; i++) {
    const v = x[xOff + i] as number
    bytes[off + 31 - 2 * i] = v & 0xff
    bytes[off + 30 - 2 * i] = v >>> 8
  }
}

/**
 * Reads a 32-byte big-endian scalar into 16 limbs; returns 1 when it is canonical (< q), else 0.
 * The comparison runs over every limb (the value may be secret).
 */
export function readLimbs(bytes: Uint8Array, off: number, x: Float64Array, xOff: number): number {
  let borrow = 0
  for (let i = 0; i < LIMBS; i++) {
    const v = ((bytes[off + 30 - 2 * i] as number) << 8) | (bytes[off + 31 - 2 * i] as number)
    x[xOff + i] = v
    // borrow of (v − q) propagated over the limbs: the value is < q iff the final borrow is 1.
    const d = v - (Q_LIMBS[i] as number) - borrow
    borrow = (d >> 31) & 1
  }
  return borrow
}
