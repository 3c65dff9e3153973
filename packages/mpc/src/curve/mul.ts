import { fe, feFromBig, mul as fmul } from './field.ts'
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

/**
 * out = table[d] by a full masked scan of the 16 entries, summed in locals (as mulBase.ts's
 * select): one load and one multiply-add per limb and entry, the 33 stores once at the end.
 */
function select(out: Pt, table: Float64Array, d: number): void {
  let s0 = 0
  let s1 = 0
  let s2 = 0
  let s3 = 0
  let s4 = 0
  let s5 = 0
  let s6 = 0
  let s7 = 0
  let s8 = 0
  let s9 = 0
  let s10 = 0
  let s11 = 0
  let s12 = 0
  let s13 = 0
  let s14 = 0
  let s15 = 0
  let s16 = 0
  let s17 = 0
  let s18 = 0
  let s19 = 0
  let s20 = 0
  let s21 = 0
  let s22 = 0
  let s23 = 0
  let s24 = 0
  let s25 = 0
  let s26 = 0
  let s27 = 0
  let s28 = 0
  let s29 = 0
  let s30 = 0
  let s31 = 0
  let s32 = 0
  for (let j = 0, off = 0; j < 16; j++, off += 33) {
    const m = eqBit(d, j)
    s0 += m * (table[off + 0] as number)
    s1 += m * (table[off + 1] as number)
    s2 += m * (table[off + 2] as number)
    s3 += m * (table[off + 3] as number)
    s4 += m * (table[off + 4] as number)
    s5 += m * (table[off + 5] as number)
    s6 += m * (table[off + 6] as number)
    s7 += m * (table[off + 7] as number)
    s8 += m * (table[off + 8] as number)
    s9 += m * (table[off + 9] as number)
    s10 += m * (table[off + 10] as number)
    s11 += m * (table[off + 11] as number)
    s12 += m * (table[off + 12] as number)
    s13 += m * (table[off + 13] as number)
    s14 += m * (table[off + 14] as number)
    s15 += m * (table[off + 15] as number)
    s16 += m * (table[off + 16] as number)
    s17 += m * (table[off + 17] as number)
    s18 += m * (table[off + 18] as number)
    s19 += m * (table[off + 19] as number)
    s20 += m * (table[off + 20] as number)
    s21 += m * (table[off + 21] as number)
    s22 += m * (table[off + 22] as number)
    s23 += m * (table[off + 23] as number)
    s24 += m * (table[off + 24] as number)
    s25 += m * (table[off + 25] as number)
    s26 += m * (table[off + 26] as number)
    s27 += m * (table[off + 27] as number)
    s28 += m * (table[off + 28] as number)
    s29 += m * (table[off + 29] as number)
    s30 += m * (table[off + 30] as number)
    s31 += m * (table[off + 31] as number)
    s32 += m * (table[off + 32] as number)
  }
  const x = out.x
  const y = out.y
  const z = out.z
  x[0] = s0
  x[1] = s1
  x[2] = s2
  x[3] = s3
  x[4] = s4
  x[5] = s5
  x[6] = s6
  x[7] = s7
  x[8] = s8
  x[9] = s9
  x[10] = s10
  y[0] = s11
  y[1] = s12
  y[2] = s13
  y[3] = s14
  y[4] = s15
  y[5] = s16
  y[6] = s17
  y[7] = s18
  y[8] = s19
  y[9] = s20
  y[10] = s21
  z[0] = s22
  z[1] = s23
  z[2] = s24
  z[3] = s25
  z[4] = s26
  z[5] = s27
  z[6] = s28
  z[7] = s29
  z[8] = s30
  z[9] = s31
  z[10] = s32
}

const betaFe = feFromBig(BETA)
const tmpX = fe()

/** Writes into t2 the table of j·φ(P) = (β·X, Y, Z) from t1, and negates t1 / t2 by mask. */
function endoTables(t1: Float64Array, neg1: number, neg2: number): Float64Array {
  const t2 = new Float64Array(t1.length)
  for (let j = 0; j < 16; j++) {
    const o = 33 * j
    for (let l = 0; l < 11; l++) tmpX[l] = t1[o + l] as number
    fmul(tmpX, betaFe, tmpX)
    for (let l = 0; l < 11; l++) {
      const y = t1[o + 11 + l] as number
      // −y when the mask is 1 (limbs stay weak under negation), by arithmetic only.
      t2[o + l] = tmpX[l] as number
      t2[o + 11 + l] = y - 2 * neg2 * y
      t2[o + 22 + l] = t1[o + 22 + l] as number
      t1[o + 11 + l] = y - 2 * neg1 * y
    }
  }
  tmpX.fill(0)
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
