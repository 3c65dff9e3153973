/**
 * Points of edwards25519 (−x² + y² = 1 + d·x²·y²) in extended coordinates (X : Y : Z : T),
 * x = X/Z, y = Y/Z, x·y = T/Z, as representatives of ristretto255 elements. Complete formulas of
 * Hisil–Wong–Carter–Dawson 2008 (a = −1): add, add of a cached point, double have no exceptional
 * cases, so nothing here branches on a coordinate. Only `equals`/`isIdentity` (RFC 9496 §4.3.3)
 * return data-dependent answers, as 0/1 numbers.
 *
 * Limb bounds (exactness): every coordinate these functions output is a mul output, TIGHT
 * (|limb| ≤ 2^24.001), and so are decode/map outputs; cached entries are carried (≤ 2^24.002).
 * Carry-free sums of two tight values (≤ 2^25.001) are multiplied only by tight or carried ones:
 * 11·2^25.001·2^24.002 < 2^52.5. Where both factors would be such sums, one is carried (`add`).
 */
import {
  add,
  addNc,
  cmov,
  type Fe,
  fe,
  feFromBig,
  isZero,
  mul,
  neg,
  sqr,
  sub,
  subNc,
} from './field.ts'

/** An extended point; the four coordinates are owned by the point (never shared). */
export interface Pt {
  readonly x: Fe
  readonly y: Fe
  readonly z: Fe
  readonly t: Fe
}

/** A point prepared for addition: (Y + X, Y − X, 2Z, 2d·T). */
export interface Cached {
  readonly ypx: Fe
  readonly ymx: Fe
  readonly z2: Fe
  readonly t2d: Fe
}

export const D_BIG = 0x52036cee2b6ffe738cc740797779e89800700a4d4141d8ab75eb4dca135978a3n
export const D = feFromBig(D_BIG)
const D2 = feFromBig((2n * D_BIG) % (2n ** 255n - 19n))

export function newPoint(): Pt {
  const y = fe()
  const z = fe()
  y[0] = 1
  z[0] = 1
  return { x: fe(), y, z, t: fe() } // the identity (0 : 1 : 1 : 0)
}

export function newCached(): Cached {
  const ypx = fe()
  const ymx = fe()
  const z2 = fe()
  ypx[0] = 1
  ymx[0] = 1
  z2[0] = 2
  return { ypx, ymx, z2, t2d: fe() } // the identity
}

export function setPoint(out: Pt, p: Pt): void {
  out.x.set(p.x)
  out.y.set(p.y)
  out.z.set(p.z)
  out.t.set(p.t)
}

export function clonePoint(p: Pt): Pt {
  return { x: p.x.slice(), y: p.y.slice(), z: p.z.slice(), t: p.t.slice() }
}

/** A point from its four coordinates (copied). */
export function fromCoords(x: Fe, y: Fe, z: Fe, t: Fe): Pt {
  return { x: x.slice(), y: y.slice(), z: z.slice(), t: t.slice() }
}

export function toCached(out: Cached, p: Pt): void {
  add(out.ypx, p.y, p.x)
  sub(out.ymx, p.y, p.x)
  add(out.z2, p.z, p.z)
  mul(out.t2d, p.t, D2)
}

/** out = −q for a cached q when bit = 1, else q (swap Y±X, negate 2dT; no branch). */
export function cnegCached(out: Cached, q: Cached, bit: number): void {
  const ypx = tA
  ypx.set(q.ypx)
  cmov(out.ypx, q.ypx, q.ymx, bit)
  cmov(out.ymx, q.ymx, ypx, bit)
  neg(tB, q.t2d)
  cmov(out.t2d, q.t2d, tB, bit)
  out.z2.set(q.z2)
}

const tA = fe()
const tB = fe()
const tC = fe()
const tD = fe()
const tE = fe()
const tF = fe()
const tG = fe()
const tH = fe()

function finish(out: Pt, withT: boolean): void {
  mul(out.x, tE, tF)
  mul(out.y, tG, tH)
  mul(out.z, tF, tG)
  if (withT) mul(out.t, tE, tH)
}

/** out = p + q for a cached q (complete, 8M); out may alias p. */
export function addCached(out: Pt, p: Pt, q: Cached): void {
  subNc(tA, p.y, p.x)
  mul(tA, tA, q.ymx)
  addNc(tB, p.y, p.x)
  mul(tB, tB, q.ypx)
  mul(tC, p.t, q.t2d)
  mul(tD, p.z, q.z2)
  subNc(tE, tB, tA)
  subNc(tF, tD, tC)
  add(tG, tD, tC) // carried: G·H would multiply two carry-free sums
  addNc(tH, tB, tA)
  finish(out, true)
}

/** out = p − q for a cached q (complete); out may alias p. F, H carry-free: never multiplied together. */
export function subCached(out: Pt, p: Pt, q: Cached): void {
  subNc(tA, p.y, p.x)
  mul(tA, tA, q.ypx)
  addNc(tB, p.y, p.x)
  mul(tB, tB, q.ymx)
  mul(tC, p.t, q.t2d)
  mul(tD, p.z, q.z2)
  subNc(tE, tB, tA)
  addNc(tF, tD, tC)
  subNc(tG, tD, tC)
  addNc(tH, tB, tA)
  finish(out, true)
}

const cq = newCached()
/** out = p + q (complete); any aliasing allowed. */
export function addInto(out: Pt, p: Pt, q: Pt): void {
  toCached(cq, q)
  addCached(out, p, cq)
}

/** out = p − q (complete); any aliasing allowed. */
export function subInto(out: Pt, p: Pt, q: Pt): void {
  toCached(cq, q)
  subCached(out, p, cq)
}

/**
 * out = 2p (4S + 4M; 4S + 3M when `withT` is false, for a double followed by a double, which
 * never reads T). out may alias p.
 */
export function doubleInto(out: Pt, p: Pt, withT = true): void {
  sqr(tA, p.x) // A = X²
  sqr(tB, p.y) // B = Y²
  sqr(tC, p.z)
  addNc(tC, tC, tC) // C = 2Z² (only subtracted below, into a carried F)
  add(tE, p.x, p.y) // carried: it is squared
  sqr(tE, tE)
  subNc(tE, tE, tA)
  sub(tE, tE, tB) // E = (X + Y)² − A − B = 2XY, carried
  subNc(tG, tB, tA) // G = −A + B
  sub(tF, tG, tC) // F = G − C, carried
  addNc(tH, tA, tB)
  neg(tH, tH) // H = −A − B
  finish(out, withT)
}

export function negInto(out: Pt, p: Pt): void {
  neg(out.x, p.x)
  out.y.set(p.y)
  out.z.set(p.z)
  neg(out.t, p.t)
}

const e1 = fe()
const e2 = fe()
/** RFC 9496 §4.3.3: 1 when p, q are the same ristretto255 element (X1Y2 = Y1X2 or Y1Y2 = X1X2). */
export function equals(p: Pt, q: Pt): number {
  mul(e1, p.x, q.y)
  mul(e2, p.y, q.x)
  sub(e1, e1, e2)
  const one = isZero(e1)
  mul(e1, p.y, q.y)
  mul(e2, p.x, q.x)
  sub(e1, e1, e2)
  return one | isZero(e1)
}

/** 1 when p is the ristretto255 identity (equal to (0 : 1 : 1 : 0): X = 0 or Y = 0). */
export function isIdentity(p: Pt): number {
  return isZero(p.x) | isZero(p.y)
}
