/**
 * Variable-time multi-scalar multiplication Σ kᵢ·Pᵢ for PUBLIC scalars and points only
 * (signature verification, proof checks): interleaved width-w NAF (Strauss), with reusable
 * affine tables from `precompute` (G's is built once). Never pass a secret scalar here.
 */
import { BASE_X, BASE_Y } from './constants.ts'
import { fe, feFromBig, neg } from './field.ts'
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
import { checkScalar, wnaf } from './scalar.ts'

/** Odd multiples (2j + 1)·P, j < 2^(w−2), in affine form, for points used many times. */
export interface Precomputed {
  readonly point: Pt
  readonly w: number
  readonly odd: readonly Affine[]
}

function oddMultiples(p: Pt, w: number): Pt[] {
  const twice = newPoint()
  doubleInto(twice, p)
  const out = [clonePoint(p)]
  for (let j = 1; j < 1 << (w - 2); j++) {
    const next = newPoint()
    addInto(next, out[j - 1] as Pt, twice)
    out.push(next)
  }
  return out
}

/** A reusable table for P (not the identity: RangeError); w = 8 spends 64 points for ~29 adds. */
export function precompute(p: Pt, w = 6): Precomputed {
  if (!Number.isInteger(w) || w < 2 || w > 8) throw new RangeError('curve: window must be 2..8')
  if (isIdentity(p)) throw new RangeError('curve: cannot precompute the identity')
  return { point: clonePoint(p), w, odd: batchToAffine(oddMultiples(p, w)) }
}

let base: Precomputed | undefined
/** G's table (w = 8), built on first use. */
export function basePrecomputed(): Precomputed {
  base ??= precompute(fromAffine({ x: feFromBig(BASE_X), y: feFromBig(BASE_Y) }), 8)
  return base
}

const negY = fe()

/** Σ scalars[i]·points[i] in variable time; scalars must be in [0, n) (RangeError). */
export function msmUnsafe(points: readonly (Pt | Precomputed)[], scalars: readonly bigint[]): Pt {
  if (points.length !== scalars.length) {
    throw new RangeError('curve: msm needs as many scalars as points')
  }
  const nafs: Int8Array[] = []
  const affine: (readonly Affine[] | undefined)[] = []
  const proj: (Pt[] | undefined)[] = []
  let top = -1
  for (let i = 0; i < points.length; i++) {
    const k = scalars[i] as bigint
    checkScalar(k)
    const p = points[i] as Pt | Precomputed
    const pre = 'odd' in p
    const naf = wnaf(k, pre ? p.w : 5)
    nafs.push(naf)
    affine.push(pre ? p.odd : undefined)
    proj.push(pre ? undefined : oddMultiples(p, 5))
    for (let j = naf.length - 1; j > top; j--) {
      if (naf[j] !== 0) {
        top = j
        break
      }
    }
  }
  const acc = newPoint()
  const q = newPoint()
  for (let j = top; j >= 0; j--) {
    doubleInto(acc, acc)
    for (let i = 0; i < nafs.length; i++) {
      const d = (nafs[i] as Int8Array)[j] as number
      if (d === 0) continue
      const idx = (Math.abs(d) - 1) >>> 1
      const aff = affine[i]
      if (aff) {
        const e = aff[idx] as Affine
        if (d > 0) addMixedInto(acc, acc, e)
        else {
          neg(negY, e.y)
          addMixedInto(acc, acc, { x: e.x, y: negY })
        }
      } else {
        const e = (proj[i] as Pt[])[idx] as Pt
        if (d > 0) addInto(acc, acc, e)
        else {
          q.x.set(e.x)
          neg(q.y, e.y)
          q.z.set(e.z)
          addInto(acc, acc, q)
        }
      }
    }
  }
  return acc
}
