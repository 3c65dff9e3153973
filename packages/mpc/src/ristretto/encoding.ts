/**
 * ristretto255 encoding and decoding exactly per RFC 9496 §4.3.1–4.3.2, with noble's error
 * messages: decode rejects non-canonical field encodings, negative s, non-squares, negative t and
 * y = 0. Encoding is constant-time (masked selects only); decoding handles public bytes, and its
 * only branch is the final accept/reject. Never decode without checking the result's use.
 */
import {
  abs,
  add,
  cmov,
  type Fe,
  fe,
  feFromBig,
  fromBytes,
  isCanonical,
  isNegative,
  isZero,
  mul,
  neg,
  SQRT_M1,
  sqr,
  sqrtRatioM1,
  sub,
  toBytes,
} from './field.ts'
import { D, newPoint, type Pt } from './point.ts'

export const INVSQRT_A_MINUS_D =
  feFromBig(0x786c8905cfaffca216c27b91fe01d8409d2f16175a4172be99c8fdaa805d40ean)
const ONE = feFromBig(1n)

const s2 = fe()
const u1 = fe()
const u2 = fe()
const u22 = fe()
const v = fe()
const I = fe()
const dx = fe()
const dy = fe()
const tx = fe()
/** RFC 9496 §4.3.1 DECODE: the point (x, y, 1, x·y), or throws as noble does. */
export function decode(bytes: Uint8Array): Pt {
  if (!(bytes instanceof Uint8Array) || bytes.length !== 32) {
    throw new Error('invalid ristretto255 encoding: expected 32 bytes')
  }
  const s = fromBytes(bytes)
  if ((isCanonical(s) & (isNegative(s) ^ 1)) === 0) {
    throw new Error('invalid ristretto255 encoding 1')
  }
  sqr(s2, s)
  sub(u1, ONE, s2) // 1 + a·s²
  add(u2, ONE, s2) // 1 − a·s²
  sqr(u22, u2)
  sqr(v, u1)
  mul(v, v, D)
  add(v, v, u22)
  neg(v, v) // a·d·u1² − u2²
  mul(tx, v, u22)
  const ok = sqrtRatioM1(I, ONE, tx)
  mul(dx, I, u2)
  mul(dy, I, dx)
  mul(dy, dy, v)
  const p = newPoint()
  add(p.x, s, s)
  mul(p.x, p.x, dx)
  abs(p.x, p.x)
  mul(p.y, u1, dy)
  mul(p.t, p.x, p.y)
  if ((ok & (isNegative(p.t) ^ 1) & (isZero(p.y) ^ 1)) === 0) {
    throw new Error('invalid ristretto255 encoding 2')
  }
  return p
}

const e1 = fe()
const e2 = fe()
const inv = fe()
const den1 = fe()
const den2 = fe()
const zInv = fe()
const x = fe()
const y = fe()
const w = fe()
/**
 * RFC 9496 §4.3.2 steps 4–11 from the inverse square root `invsqrt` of u1·u2² (any sign):
 * writes the 32 bytes of the encoding at out[off..]. Constant-time.
 */
export function encodeWith(
  X: Fe,
  Y: Fe,
  Z: Fe,
  T: Fe,
  u1v: Fe,
  u2v: Fe,
  invsqrt: Fe,
  out: Uint8Array,
  off: number,
): void {
  mul(den1, invsqrt, u1v)
  mul(den2, invsqrt, u2v)
  mul(zInv, den1, den2)
  mul(zInv, zInv, T)
  mul(w, T, zInv)
  const rotate = isNegative(w)
  mul(e1, Y, SQRT_M1)
  cmov(x, X, e1, rotate)
  mul(e2, X, SQRT_M1)
  cmov(y, Y, e2, rotate)
  mul(e1, den1, INVSQRT_A_MINUS_D)
  cmov(den2, den2, e1, rotate)
  mul(w, x, zInv)
  neg(e2, y)
  cmov(y, y, e2, isNegative(w))
  sub(w, Z, y)
  mul(w, w, den2)
  abs(w, w)
  toBytes(w, out, off)
}

/** RFC 9496 §4.3.2 ENCODE of any representative (one inverse square root). Constant-time. */
export function encode(p: Pt, out: Uint8Array = new Uint8Array(32), off = 0): Uint8Array {
  add(e1, p.z, p.y)
  sub(e2, p.z, p.y)
  const a = fe()
  const b = fe()
  mul(a, e1, e2) // u1 = (Z + Y)(Z − Y)
  mul(b, p.x, p.y) // u2 = X·Y
  sqr(inv, b)
  mul(inv, inv, a)
  sqrtRatioM1(inv, ONE, inv)
  encodeWith(p.x, p.y, p.z, p.t, a, b, inv, out, off)
  return out
}
