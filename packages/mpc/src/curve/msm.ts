/**
 * Variable-time multi-scalar multiplication Σ kᵢ·Pᵢ for PUBLIC scalars and points only
 * (signature verification, proof checks): every kᵢ is GLV-split into two ~128-bit halves
 * (k ≡ ±k1 ± k2·λ, λ·(x, y) = (β·x, y)), so the shared loop does ~128 doublings instead of ~256,
 * and all halves are interleaved width-w NAF (Strauss). Reusable affine tables come from
 * `precompute` (G's is built once); one-off points get a projective table sized to their scalar.
 * Never pass a secret scalar here: it branches and indexes on the digits.
 */
import { BASE_X, BASE_Y } from './constants.ts'
import { type Fe, fe, feFromBig, mul, neg } from './field.ts'
import {
  type Affine,
  addInto,
  addMixedInto,
  batchToAffine,
  clonePoint,
  doubleInto,
  fromAffine,
  isIdentity,
  newPoint,
  type Pt,
} from './point.ts'
import { BETA, checkScalar, glvSplit, wnaf } from './scalar.ts'

/**
 * Odd multiples (2j + 1)·P, j < 2^(w−2), in affine form, for points used many times, and the
 * same multiples of φ(P) = λ·P, which are (β·x, y) of the first table.
 */
export interface Precomputed {
  readonly point: Pt
  readonly w: number
  readonly odd: readonly Affine[]
  readonly endo: readonly Affine[]
}

const betaFe = feFromBig(BETA)
const HALF_BITS = 1n << 128n

function oddMultiples(p: Pt, w: number): Pt[] {
  const out = [clonePoint(p)]
  if (w === 2) return out
  const twice = newPoint()
  doubleInto(twice, p)
  for (let j = 1; j < 1 << (w - 2); j++) {
    const next = newPoint()
    addInto(next, out[j - 1] as Pt, twice)
    out.push(next)
  }
  return out
}

/** A reusable table for P (not the identity: RangeError); w = 8 spends 64 points for ~14 adds. */
export function precompute(p: Pt, w = 6): Precomputed {
  if (!Number.isInteger(w) || w < 2 || w > 8) throw new RangeError('curve: window must be 2..8')
  if (isIdentity(p)) throw new RangeError('curve: cannot precompute the identity')
  const odd = batchToAffine(oddMultiples(p, w))
  const endo = odd.map((a) => {
    const x = fe()
    mul(x, betaFe, a.x)
    return { x, y: a.y }
  })
  return { point: clonePoint(p), w, odd, endo }
}

let base: Precomputed | undefined
/** G's table (w = 8), built on first use. */
export function basePrecomputed(): Precomputed {
  base ??= precompute(fromAffine({ x: feFromBig(BASE_X), y: feFromBig(BASE_Y) }), 8)
  return base
}

/**
 * The window for a one-off table of a scalar half with `bits` bits (two halves share a table):
 * a table costs a doubling and 2^(w−2) − 1 additions (nothing for w = 2: it is just P), the
 * digits cost about 2·bits/(w + 1) additions. So k = 1 adds P once and 128 bits take w = 5.
 */
function windowFor(bits: number): number {
  let best = 2
  let bestCost = (2 * bits) / 3
  for (let w = 3; w <= 6; w++) {
    const cost = (1 << (w - 2)) + (2 * bits) / (w + 1)
    if (cost < bestCost) {
      best = w
      bestCost = cost
    }
  }
  return best
}

/** One signed half of a term: its NAF, the sign of the half, and its table (affine or not). */
interface Half {
  naf: Int8Array
  sign: number
  affine: readonly Affine[] | undefined
  proj: readonly Pt[] | undefined
}

/** The projective φ-table (β·X, Y, Z) of a one-off table (shares Y and Z: read-only here). */
function endoProj(t: readonly Pt[]): Pt[] {
  return t.map((p) => {
    const x = fe()
    mul(x, betaFe, p.x)
    return { x, y: p.y, z: p.z }
  })
}

function topDigit(naf: Int8Array): number {
  for (let j = naf.length - 1; j >= 0; j--) if (naf[j] !== 0) return j
  return -1
}

// Scratch for negated entries: x and z are borrowed by reference, only y is written.
const negY = fe()
const qa: { x: Fe; y: Fe } = { x: negY, y: negY }
const qp: { x: Fe; y: Fe; z: Fe } = { x: negY, y: negY, z: negY }

/** Σ scalars[i]·points[i] in variable time; scalars must be in [0, n) (RangeError). */
export function msmUnsafe(points: readonly (Pt | Precomputed)[], scalars: readonly bigint[]): Pt {
  if (points.length !== scalars.length) {
    throw new RangeError('curve: msm needs as many scalars as points')
  }
  const halves: Half[] = []
  let top = -1
  for (let i = 0; i < points.length; i++) {
    const k = scalars[i] as bigint
    checkScalar(k)
    if (k === 0n) continue
    const p = points[i] as Pt | Precomputed
    // Below 2^128 the split would give two ~127-bit halves: twice the additions, no doublings saved.
    const { k1, k2, neg1, neg2 } = k < HALF_BITS ? { k1: k, k2: 0n, neg1: 0, neg2: 0 } : glvSplit(k)
    const pre = 'odd' in p
    const w = pre ? p.w : windowFor((k1 > k2 ? k1 : k2).toString(2).length)
    const proj = pre ? undefined : oddMultiples(p, w)
    const parts: [bigint, number, readonly Affine[] | undefined, readonly Pt[] | undefined][] = [
      [k1, neg1, pre ? p.odd : undefined, proj],
    ]
    if (k2 !== 0n) parts.push([k2, neg2, pre ? p.endo : undefined, proj && endoProj(proj)])
    for (const [h, negative, affine, table] of parts) {
      if (h === 0n) continue
      const naf = wnaf(h, w)
      top = Math.max(top, topDigit(naf))
      halves.push({ naf, sign: negative ? -1 : 1, affine, proj: table })
    }
  }
  const acc = newPoint()
  for (let j = top; j >= 0; j--) {
    doubleInto(acc, acc)
    for (const h of halves) {
      const d = (h.naf[j] as number) * h.sign
      if (d === 0) continue
      const idx = (Math.abs(d) - 1) >>> 1
      if (h.affine) {
        const e = h.affine[idx] as Affine
        if (d > 0) addMixedInto(acc, acc, e)
        else {
          neg(negY, e.y)
          qa.x = e.x
          addMixedInto(acc, acc, qa)
        }
      } else {
        const e = (h.proj as readonly Pt[])[idx] as Pt
        if (d > 0) addInto(acc, acc, e)
        else {
          neg(negY, e.y)
          qp.x = e.x
          qp.z = e.z
          addInto(acc, acc, qp)
        }
      }
    }
  }
  return acc
}
