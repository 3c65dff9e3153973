/**
 * Points of secp256k1 (y² = x³ + 7) in homogeneous projective coordinates (X : Y : Z), x = X/Z,
 * y = Y/Z, identity (0 : 1 : 0), with the complete a = 0 formulas of Renes–Costello–Batina (2016):
 * add, mixed add (affine Q), double have no exceptional cases, so no branch on point values here.
 * Only `isIdentity`, `equals` and `toAffine`'s identity check return data-dependent answers.
 */
import { add, copy, type Fe, fe, inv, isZero, mul, mulSmall, sqr, sub } from './field.ts'

/** A projective point; the three coordinates are owned by the point (never shared). */
export interface Pt {
  readonly x: Fe
  readonly y: Fe
  readonly z: Fe
}

/** An affine point (never the identity): x, y as weak field elements. */
export interface Affine {
  readonly x: Fe
  readonly y: Fe
}

const B3 = 21 // 3·b for b = 7

export function newPoint(): Pt {
  const z = fe()
  const y = fe()
  y[0] = 1
  return { x: fe(), y, z } // the identity (0 : 1 : 0)
}

export function setPoint(out: Pt, p: Pt): void {
  copy(out.x, p.x)
  copy(out.y, p.y)
  copy(out.z, p.z)
}

export function clonePoint(p: Pt): Pt {
  return { x: p.x.slice(), y: p.y.slice(), z: p.z.slice() }
}

export function fromAffine(a: Affine): Pt {
  const z = fe()
  z[0] = 1
  return { x: a.x.slice(), y: a.y.slice(), z }
}

export function isIdentity(p: Pt): boolean {
  return isZero(p.z)
}

const e1 = fe()
const e2 = fe()
/** Projective equality without inversion: X1·Z2 = X2·Z1 and Y1·Z2 = Y2·Z1. */
export function equals(p: Pt, q: Pt): boolean {
  mul(e1, p.x, q.z)
  mul(e2, q.x, p.z)
  sub(e1, e1, e2)
  if (!isZero(e1)) return false
  mul(e1, p.y, q.z)
  mul(e2, q.y, p.z)
  sub(e1, e1, e2)
  return isZero(e1)
}

const t0 = fe()
const t1 = fe()
const t2 = fe()
const t3 = fe()
const t4 = fe()
const x3 = fe()
const y3 = fe()
const z3 = fe()

/** out = p + q for any p, q (complete; RCB Algorithm 7, 12M + 2·(×21)); out may alias. */
export function addInto(out: Pt, p: Pt, q: Pt): void {
  mul(t0, p.x, q.x)
  mul(t1, p.y, q.y)
  mul(t2, p.z, q.z)
  add(t3, p.x, p.y)
  add(t4, q.x, q.y)
  mul(t3, t3, t4)
  add(t4, t0, t1)
  sub(t3, t3, t4) // X1Y2 + X2Y1
  add(t4, p.y, p.z)
  add(x3, q.y, q.z)
  mul(t4, t4, x3)
  add(x3, t1, t2)
  sub(t4, t4, x3) // Y1Z2 + Y2Z1
  add(x3, p.x, p.z)
  add(y3, q.x, q.z)
  mul(x3, x3, y3)
  add(y3, t0, t2)
  sub(y3, x3, y3) // X1Z2 + X2Z1
  finish(out)
}

/** out = p + q for any p and an affine q (complete; RCB Algorithm 8, 11M); out may alias p. */
export function addMixedInto(out: Pt, p: Pt, q: Affine): void {
  mul(t0, p.x, q.x)
  mul(t1, p.y, q.y)
  copy(t2, p.z)
  add(t3, q.x, q.y)
  add(t4, p.x, p.y)
  mul(t3, t3, t4)
  add(t4, t0, t1)
  sub(t3, t3, t4)
  mul(t4, q.y, p.z)
  add(t4, t4, p.y)
  mul(y3, q.x, p.z)
  add(y3, y3, p.x)
  finish(out)
}

/**
 * The common tail of both additions: t0 = X1X2, t1 = Y1Y2, t2 = Z1Z2, t3, t4, y3 as above.
 * It reads only the temporaries, so it writes the result straight into `out` even when `out`
 * aliases an input (saves three copies per addition).
 */
function finish(out: Pt): void {
  add(x3, t0, t0)
  add(t0, x3, t0) // 3·X1X2
  mulSmall(t2, t2, B3)
  add(z3, t1, t2)
  sub(t1, t1, t2)
  mulSmall(y3, y3, B3)
  mul(x3, t4, y3)
  mul(t2, t3, t1)
  sub(out.x, t2, x3)
  mul(y3, y3, t0)
  mul(t1, t1, z3)
  add(out.y, t1, y3)
  mul(t0, t0, t3)
  mul(z3, z3, t4)
  add(out.z, z3, t0)
}

/** out = 2p (complete; RCB Algorithm 9, 6M + 2S); out may alias p (p is read first). */
export function doubleInto(out: Pt, p: Pt): void {
  sqr(t0, p.y)
  mul(t1, p.y, p.z)
  sqr(t2, p.z)
  mul(t4, p.x, p.y)
  mulSmall(z3, t0, 8) // 8Y²
  mulSmall(t2, t2, B3) // 3b·Z²
  mul(x3, t2, z3)
  add(y3, t0, t2)
  mul(out.z, t1, z3)
  mulSmall(t2, t2, 3)
  sub(t0, t0, t2)
  mul(y3, t0, y3)
  add(out.y, x3, y3)
  mul(x3, t0, t4)
  add(out.x, x3, x3)
}

/** out = −p; out may alias p. */
export function negateInto(out: Pt, p: Pt): void {
  copy(out.x, p.x)
  sub(out.y, zero, p.y)
  copy(out.z, p.z)
}
const zero = fe()

const zi = fe()
/** The affine coordinates of p (one inversion); throws RangeError for the identity. */
export function toAffine(p: Pt): Affine {
  if (isZero(p.z)) throw new RangeError('curve: the identity has no affine coordinates')
  inv(zi, p.z)
  const x = fe()
  const y = fe()
  mul(x, p.x, zi)
  mul(y, p.y, zi)
  return { x, y }
}

/** Affine forms of many non-identity points with one inversion (Montgomery's trick). */
export function batchToAffine(points: readonly Pt[]): Affine[] {
  const n = points.length
  const prefix: Fe[] = []
  const acc = fe()
  acc[0] = 1
  for (let i = 0; i < n; i++) {
    prefix.push(acc.slice())
    mul(acc, acc, (points[i] as Pt).z)
  }
  if (isZero(acc)) throw new RangeError('curve: the identity has no affine coordinates')
  inv(acc, acc) // acc = 1 / (Z0·…·Z(n−1))
  const out: Affine[] = new Array(n)
  const zinv = fe()
  for (let i = n - 1; i >= 0; i--) {
    const p = points[i] as Pt
    mul(zinv, acc, prefix[i] as Fe)
    mul(acc, acc, p.z)
    const x = fe()
    const y = fe()
    mul(x, p.x, zinv)
    mul(y, p.y, zinv)
    out[i] = { x, y }
  }
  return out
}
