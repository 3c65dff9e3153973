import { cmov, fe, feFromBig, mul as fmul, neg } from './field.ts'
import { addInto, doubleInto, newPoint, type Pt, setPoint } from './point.ts'
import { BETA, checkScalar, glvSplit, nibbles } from './scalar.ts'

/** 1 when a === b, else 0, for small non-negative integers (no branch). */
function eqBit(a: number, b: number): number {
  return ((a ^ b) - 1) >>> 31
}

/** A table of j·P for j = 0..15, 33 limbs per entry (X, Y, Z). */
function multiples(p: Pt): Float64Array {
  const t = new Float64Array(16 * 33)
  const acc = newPoint()
  for (let j = 0; j < 16; j++) {
    t.set(acc.x, 33 * j)
    t.set(acc.y, 33 * j + 11)
    t.set(acc.z, 33 * j + 22)
    addInto(acc, acc, p)
  }
  return t
}

/** out = table[d] by a full masked scan of the 16 entries. */
function select(out: Pt, table: Float64Array, d: number): void {
  out.x.fill(0)
  out.y.fill(0)
  out.z.fill(0)
  for (let j = 0; j < 16; j++) {
    const m = eqBit(d, j)
    const off = 33 * j
    for (let l = 0; l < 11; l++) {
      out.x[l] = (out.x[l] as number) + m * (table[off + l] as number)
      out.y[l] = (out.y[l] as number) + m * (table[off + 11 + l] as number)
      out.z[l] = (out.z[l] as number) + m * (table[off + 22 + l] as number)
    }
  }
}

const betaFe = feFromBig(BETA)
const tmpY = fe()
const tmpX = fe()

/** Writes into t2 the table of j·φ(P) = (β·X, Y, Z) from t1, and negates t1 / t2 by mask. */
function endoTables(t1: Float64Array, neg1: number, neg2: number): Float64Array {
  const t2 = new Float64Array(t1.length)
  for (let j = 0; j < 16; j++) {
    const x = t1.subarray(33 * j, 33 * j + 11)
    const y = t1.subarray(33 * j + 11, 33 * j + 22)
    fmul(tmpX, betaFe, x)
    t2.set(tmpX, 33 * j)
    t2.set(t1.subarray(33 * j + 22, 33 * j + 33), 33 * j + 22)
    neg(tmpY, y)
    cmov(t2.subarray(33 * j + 11, 33 * j + 22), y, tmpY, neg2)
    cmov(y, y, tmpY, neg1)
  }
  return t2
}

/** k·P for a secret k in [0, n) and any P: GLV halves, 32 windows of 4 doublings + 2 additions. */
export function mul(p: Pt, k: bigint): Pt {
  checkScalar(k)
  const { k1, k2, neg1, neg2 } = glvSplit(k)
  const d1 = nibbles(k1, 32)
  const d2 = nibbles(k2, 32)
  const t1 = multiples(p)
  const t2 = endoTables(t1, neg1, neg2)
  const acc = newPoint()
  const q = newPoint()
  for (let i = 31; i >= 0; i--) {
    doubleInto(acc, acc)
    doubleInto(acc, acc)
    doubleInto(acc, acc)
    doubleInto(acc, acc)
    select(q, t1, d1[i] as number)
    addInto(acc, acc, q)
    select(q, t2, d2[i] as number)
    addInto(acc, acc, q)
  }
  d1.fill(0)
  d2.fill(0)
  t1.fill(0)
  t2.fill(0)
  setPoint(q, newPoint())
  return acc
}
