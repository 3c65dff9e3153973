/**
 * Test-only bridge between this module's points and @noble/curves' (the reference), plus
 * fast-check arbitraries for scalars. Imported by *.test.ts only; never by production code.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import * as fc from 'fast-check'
import { feFromBig } from './field.ts'
import { affineXY, identity, isIdentity } from './index.ts'
import { fromAffine, type Pt } from './point.ts'

export const NP = secp256k1.Point
export type NoblePoint = InstanceType<typeof NP>
export const n = NP.Fn.ORDER

export function fromNoble(P: NoblePoint): Pt {
  if (P.is0()) return identity()
  const { x, y } = P.toAffine()
  return fromAffine({ x: feFromBig(x), y: feFromBig(y) })
}

export function toNoble(p: Pt): NoblePoint {
  if (isIdentity(p)) return NP.ZERO
  return NP.fromAffine(affineXY(p))
}

/** Scalars in [0, n) with the edges (0, 1, 2, n − 1, n − 2, 2^128, λ-ish) weighted in. */
export const scalar = fc.oneof(
  { weight: 5, arbitrary: fc.bigInt({ min: 0n, max: n - 1n }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(0n, 1n, 2n, 3n, 15n, 16n, 17n, n - 1n, n - 2n, n / 2n, 2n ** 128n),
  },
  { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 2n ** 130n }) },
)

/** Random non-identity curve points (as noble points), from random non-zero scalars. */
export const noblePoint = fc.bigInt({ min: 1n, max: n - 1n }).map((k) => NP.BASE.multiply(k))
