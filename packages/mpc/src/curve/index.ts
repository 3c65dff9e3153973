/**
 * Fast secp256k1 arithmetic on Float64 limbs (no BigInt in the field): the small public API.
 * Points returned here are fresh objects the caller owns; the functions never mutate inputs.
 * Secret scalars go only to `mulBase` / `mul` (constant-time), never to `msmUnsafe`.
 */
import { BASE_X, BASE_Y } from './constants.ts'
import { feFromBig, toBig } from './field.ts'
import {
  addInto,
  clonePoint,
  doubleInto,
  equals as eq,
  fromAffine,
  isIdentity as isId,
  negateInto,
  newPoint,
  type Pt,
  toAffine,
} from './point.ts'

export { ecdsaVerifyPrehashed } from './ecdsa.ts'
export { decodePoint, encodePoint, encodePoints } from './encoding.ts'
export { basePrecomputed, msmUnsafe, type Precomputed, precompute } from './msm.ts'
export { mul } from './mul.ts'
export { mulBase } from './mulBase.ts'
export type { Pt } from './point.ts'
export { N } from './scalar.ts'

/** The generator G (a fresh copy). */
export function base(): Pt {
  return fromAffine({ x: feFromBig(BASE_X), y: feFromBig(BASE_Y) })
}

/** The identity (point at infinity). */
export function identity(): Pt {
  return newPoint()
}

export function isIdentity(p: Pt): boolean {
  return isId(p)
}

export function equals(p: Pt, q: Pt): boolean {
  return eq(p, q)
}

export function add(p: Pt, q: Pt): Pt {
  const out = newPoint()
  addInto(out, p, q)
  return out
}

export function double(p: Pt): Pt {
  const out = newPoint()
  doubleInto(out, p)
  return out
}

export function negate(p: Pt): Pt {
  const out = clonePoint(p)
  negateInto(out, p)
  return out
}

/** The affine x-coordinate in [0, p) (one inversion); RangeError for the identity. */
export function affineX(p: Pt): bigint {
  return toBig(toAffine(p).x)
}

/** The affine (x, y) in [0, p) as bigints (one inversion); RangeError for the identity. */
export function affineXY(p: Pt): { x: bigint; y: bigint } {
  const a = toAffine(p)
  return { x: toBig(a.x), y: toBig(a.y) }
}
