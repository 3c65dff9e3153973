/**
 * Constant-time scalar multiplication for SECRET scalars: `mulBase` (64 windows × 8 affine
 * multiples of G, built once; 64 mixed additions, no doubling), `mulFixed` (the same over a table
 * built for another public point) and `mul` (signed 4-bit fixed
 * windows over a table of 1..8·P: 252 doublings, 64 additions). Every table read scans all
 * entries with arithmetic masks, the sign is applied by a masked conditional negation, and every
 * window does the same work: never index a table by a digit or branch on one here.
 */
import { add, fe, feFromBig, mul as fmul, inv, sub } from './field.ts'
import {
  addCached,
  addInto,
  type Cached,
  clonePoint,
  cnegCached,
  D,
  doubleInto,
  newCached,
  newPoint,
  type Pt,
  toCached,
} from './point.ts'
import { checkScalar, eqBit, signedDigits } from './scalar.ts'

const BASE_X = 0x216936d3cd6e53fec0a4e231fdd6dc5c692cc7609525a7b2c9562d608f25d51an
const BASE_Y = 0x6666666666666666666666666666666666666666666666666666666666666658n

/** The edwards25519 base point (RFC 9496 uses it as the ristretto255 generator). */
export function basePoint(): Pt {
  const p = newPoint()
  p.x.set(feFromBig(BASE_X))
  p.y.set(feFromBig(BASE_Y))
  fmul(p.t, p.x, p.y)
  return p
}

/**
 * A fixed-base table for P: entry (i, j) at (8·i + j − 1)·33 holds (y + x, y − x, 2d·x·y) of
 * j·16^i·P for j = 1..8, affine (one shared inversion). About 3 ms to build; worth it from a few
 * dozen multiplications of the same point (`mulBase` uses the one of G, built once).
 */
export type FixedBaseTable = { readonly entries: Float64Array }

let baseTable: FixedBaseTable | undefined
function getBaseTable(): FixedBaseTable {
  if (baseTable === undefined) baseTable = fixedBaseTable(basePoint())
  return baseTable
}

/** The table of a public point P (any representative; its Z never vanishes on this curve). */
export function fixedBaseTable(p: Pt): FixedBaseTable {
  const points: Pt[] = []
  const base = clonePoint(p)
  for (let i = 0; i < 64; i++) {
    const acc = clonePoint(base)
    for (let j = 1; j <= 8; j++) {
      points.push(clonePoint(acc))
      addInto(acc, acc, base)
    }
    for (let j = 0; j < 4; j++) doubleInto(base, base)
  }
  // Montgomery's trick: one inversion for every 1/Z (no Z is zero: the formulas are complete).
  const n = points.length
  const prefix = points.map(() => fe())
  const acc = fe()
  acc[0] = 1
  for (let i = 0; i < n; i++) {
    prefix[i]?.set(acc)
    fmul(acc, acc, (points[i] as Pt).z)
  }
  inv(acc, acc)
  const table = new Float64Array(n * 33)
  const zi = fe()
  const x = fe()
  const y = fe()
  const s = fe()
  const d2 = fe()
  add(d2, D, D)
  for (let i = n - 1; i >= 0; i--) {
    const p = points[i] as Pt
    fmul(zi, acc, prefix[i] as Float64Array)
    fmul(acc, acc, p.z)
    fmul(x, p.x, zi)
    fmul(y, p.y, zi)
    add(s, y, x)
    table.set(s, 33 * i)
    sub(s, y, x)
    table.set(s, 33 * i + 11)
    fmul(s, x, y)
    fmul(s, s, d2)
    table.set(s, 33 * i + 22)
  }
  return { entries: table }
}

/** out = the entry |d| of `stride`-limb entries at `first` (|d| = 0: the identity), then ±. */
function select(
  out: Cached,
  table: Float64Array,
  first: number,
  stride: number,
  d: number,
  tmp: Cached,
): void {
  const sign = d >> 31 // −1 or 0
  const a = (d ^ sign) - sign
  const { ypx, ymx, z2, t2d } = tmp
  // One mask per entry, then each limb is Σ_j m_j·entry_j[l] (exactly one m_j is 1, or none for
  // the identity): no read-modify-write of the output per entry.
  const m1 = eqBit(a, 1)
  const m2 = eqBit(a, 2)
  const m3 = eqBit(a, 3)
  const m4 = eqBit(a, 4)
  const m5 = eqBit(a, 5)
  const m6 = eqBit(a, 6)
  const m7 = eqBit(a, 7)
  const m8 = eqBit(a, 8)
  const o1 = first
  const o2 = o1 + stride
  const o3 = o2 + stride
  const o4 = o3 + stride
  const o5 = o4 + stride
  const o6 = o5 + stride
  const o7 = o6 + stride
  const o8 = o7 + stride
  // Entries are (Y + X, Y − X, 2d·T) and, for 44-limb entries, 2Z; affine entries have 2Z = 2.
  const fields = stride === 44 ? 4 : 3
  for (let f = 0; f < fields; f++) {
    const dst = f === 0 ? ypx : f === 1 ? ymx : f === 2 ? t2d : z2
    const b = 11 * f
    for (let l = b; l < b + 11; l++) {
      dst[l - b] =
        m1 * (table[o1 + l] as number) +
        m2 * (table[o2 + l] as number) +
        m3 * (table[o3 + l] as number) +
        m4 * (table[o4 + l] as number) +
        m5 * (table[o5 + l] as number) +
        m6 * (table[o6 + l] as number) +
        m7 * (table[o7 + l] as number) +
        m8 * (table[o8 + l] as number)
    }
  }
  // The identity (1, 1, 2, 0) when a = 0: add 1, 1, 2 to the first limbs (all zero then).
  const m0 = 1 - (m1 + m2 + m3 + m4 + m5 + m6 + m7 + m8)
  ypx[0] = (ypx[0] as number) + m0
  ymx[0] = (ymx[0] as number) + m0
  if (stride === 44) z2[0] = (z2[0] as number) + 2 * m0
  else {
    z2.fill(0)
    z2[0] = 2
  }
  cnegCached(out, tmp, sign & 1)
}

const selA = newCached()
const selB = newCached()

/** k·G for a secret k in [0, ℓ): 64 masked scans of 8 entries and 64 complete additions. */
export function mulBase(k: bigint): Pt {
  return mulFixed(getBaseTable(), k)
}

/** k·P for a secret k in [0, ℓ) and the table of P: the same work as `mulBase`. */
export function mulFixed(fixed: FixedBaseTable, k: bigint): Pt {
  checkScalar(k)
  const table = fixed.entries
  const digits = signedDigits(k)
  const acc = newPoint()
  for (let i = 0; i < 64; i++) {
    select(selA, table, 264 * i, 33, digits[i] as number, selB) // z2 stays 2: affine entries
    addCached(acc, acc, selA)
  }
  digits.fill(0)
  return acc
}

/** The cached multiples 1·P .. 8·P, 44 limbs each (Y + X, Y − X, 2Z, 2d·T). */
function multiples(p: Pt): Float64Array {
  const t = new Float64Array(8 * 44)
  const acc = clonePoint(p)
  const c = newCached()
  const c1 = newCached()
  toCached(c1, p)
  for (let j = 0; j < 8; j++) {
    toCached(c, acc)
    t.set(c.ypx, 44 * j)
    t.set(c.ymx, 44 * j + 11)
    t.set(c.t2d, 44 * j + 22)
    t.set(c.z2, 44 * j + 33)
    if (j < 7) addCached(acc, acc, c1)
  }
  return t
}

/** k·P for a secret k in [0, ℓ) and any point P: 64 windows of 4 doublings and one addition. */
export function mul(p: Pt, k: bigint): Pt {
  checkScalar(k)
  const digits = signedDigits(k)
  const table = multiples(p)
  const acc = newPoint()
  select(selA, table, 0, 44, digits[63] as number, selB)
  addCached(acc, acc, selA)
  for (let i = 62; i >= 0; i--) {
    doubleInto(acc, acc, false)
    doubleInto(acc, acc, false)
    doubleInto(acc, acc, false)
    doubleInto(acc, acc, true)
    select(selA, table, 0, 44, digits[i] as number, selB)
    addCached(acc, acc, selA)
  }
  digits.fill(0)
  table.fill(0)
  for (const c of [selA, selB]) {
    c.ypx.fill(0)
    c.ymx.fill(0)
    c.t2d.fill(0)
  }
  return acc
}
