import * as fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { feFromBig, mul as fmul } from './field.ts'
import { add, base, double, equals, identity, isIdentity, negate } from './index.ts'
import { addMixedInto, batchToAffine, newPoint, type Pt, toAffine } from './point.ts'
import { fromNoble, type NP, noblePoint, toNoble } from './testing.ts'

const RUNS = { numRuns: 200 }

/** The same point with projective coordinates scaled by a random non-zero λ. */
function rescaled(p: Pt, lambda: bigint): Pt {
  const l = feFromBig(lambda)
  const out = newPoint()
  fmul(out.x, p.x, l)
  fmul(out.y, p.y, l)
  fmul(out.z, p.z, l)
  return out
}
const lam = fc.bigInt({ min: 1n, max: 2n ** 255n })

describe('projective points with complete formulas agree with noble', () => {
  test('add of random points, rescaled inputs', () => {
    fc.assert(
      fc.property(noblePoint, noblePoint, lam, (P, Q, l) => {
        const r = add(rescaled(fromNoble(P), l), fromNoble(Q))
        expect(toNoble(r).equals(P.add(Q))).toBe(true)
      }),
      RUNS,
    )
  })
  test('add handles P = Q, P = −Q, identity on either side (no exceptional cases)', () => {
    fc.assert(
      fc.property(noblePoint, lam, (P, l) => {
        const p = fromNoble(P)
        expect(toNoble(add(p, rescaled(p, l))).equals(P.double())).toBe(true)
        expect(isIdentity(add(p, negate(rescaled(p, l))))).toBe(true)
        expect(equals(add(p, identity()), p)).toBe(true)
        expect(equals(add(identity(), p), p)).toBe(true)
      }),
      RUNS,
    )
    expect(isIdentity(add(identity(), identity()))).toBe(true)
    expect(isIdentity(double(identity()))).toBe(true)
  })
  test('double, including rescaled inputs', () => {
    fc.assert(
      fc.property(noblePoint, lam, (P, l) => {
        expect(toNoble(double(rescaled(fromNoble(P), l))).equals(P.double())).toBe(true)
      }),
      RUNS,
    )
  })
  test('mixed add with an affine point: random, equal, opposite, identity accumulator', () => {
    fc.assert(
      fc.property(noblePoint, noblePoint, lam, (P, Q, l) => {
        const q = toAffine(fromNoble(Q))
        const out = newPoint()
        addMixedInto(out, rescaled(fromNoble(P), l), q)
        expect(toNoble(out).equals(P.add(Q))).toBe(true)
        addMixedInto(out, rescaled(fromNoble(Q), l), q)
        expect(toNoble(out).equals(Q.double())).toBe(true)
        addMixedInto(out, negate(fromNoble(Q)), q)
        expect(isIdentity(out)).toBe(true)
        addMixedInto(out, identity(), q)
        expect(toNoble(out).equals(Q)).toBe(true)
      }),
      RUNS,
    )
  })
  test('equals compares projective classes; negate; identity is not equal to points', () => {
    fc.assert(
      fc.property(noblePoint, noblePoint, lam, (P, Q, l) => {
        const p = fromNoble(P)
        expect(equals(p, rescaled(p, l))).toBe(true)
        expect(equals(p, fromNoble(Q))).toBe(P.equals(Q))
        expect(equals(p, identity())).toBe(false)
        expect(equals(identity(), p)).toBe(false)
        expect(toNoble(negate(p)).equals(P.negate())).toBe(true)
        expect(equals(negate(p), p)).toBe(false)
      }),
      RUNS,
    )
    expect(equals(identity(), rescaled(identity(), 5n))).toBe(true)
  })
  test('toAffine / batchToAffine; the identity throws RangeError', () => {
    fc.assert(
      fc.property(fc.array(noblePoint, { minLength: 1, maxLength: 8 }), lam, (Ps, l) => {
        const aff = batchToAffine(Ps.map((P) => rescaled(fromNoble(P), l)))
        aff.forEach((a, i) => {
          const one = toAffine(rescaled(fromNoble(Ps[i] as typeof NP.BASE), l))
          expect(equals({ ...a, z: feFromBig(1n) }, fromNoble(Ps[i] as typeof NP.BASE))).toBe(true)
          expect(equals({ ...one, z: feFromBig(1n) }, fromNoble(Ps[i] as typeof NP.BASE))).toBe(
            true,
          )
        })
      }),
      { numRuns: 50 },
    )
    expect(() => toAffine(identity())).toThrow(RangeError)
    expect(() => batchToAffine([base(), identity()])).toThrow(/identity/)
  })
})
