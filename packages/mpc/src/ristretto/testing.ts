/**
 * Test-only bridge between this module's points and @noble/curves' ristretto255 (the reference),
 * plus fast-check arbitraries. Imported by *.test.ts only; never by production code.
 */
import { ED25519_TORSION_SUBGROUP, ed25519, ristretto255 } from '@noble/curves/ed25519.js'
import * as fc from 'fast-check'
import { feFromBig, toBig } from './field.ts'
import { fromCoords, type Pt } from './point.ts'

export const NP = ristretto255.Point
export type NoblePoint = InstanceType<typeof NP>
export const ORDER = NP.Fn.ORDER
const P = 2n ** 255n - 19n

type EdPoint = typeof ed25519.Point.BASE
/** noble keeps the Edwards representative in a protected field; tests read it. */
export const edOf = (p: NoblePoint) => (p as unknown as { ep: EdPoint }).ep

/** The same representative in our coordinates (X, Y, Z, T copied). */
export function fromNoble(p: NoblePoint): Pt {
  const { X, Y, Z, T } = edOf(p)
  return fromCoords(feFromBig(X), feFromBig(Y), feFromBig(Z), feFromBig(T))
}

/** Our representative as a noble point (the same Edwards point). */
export function toNoble(p: Pt): NoblePoint {
  const ep = new ed25519.Point(toBig(p.x), toBig(p.y), toBig(p.z), toBig(p.t))
  return new (NP as unknown as new (e: typeof ep) => NoblePoint)(ep)
}

/** The four points of E[4]: adding one changes the representative, not the element. */
export const E4 = ED25519_TORSION_SUBGROUP.map((hex) => ed25519.Point.fromHex(hex)).filter((t) =>
  t.multiplyUnsafe(4n).is0(),
)

/** Another representative of p (plus a 4-torsion point, then rescaled by λ ≠ 0). */
export function otherRepresentative(p: NoblePoint, torsion: number, lambda: bigint): Pt {
  const e = edOf(p).add(E4[torsion % 4] as EdPoint)
  const l = (((lambda % (P - 1n)) + (P - 1n)) % (P - 1n)) + 1n
  const m = (a: bigint) => (a * l) % P
  return fromCoords(feFromBig(m(e.X)), feFromBig(m(e.Y)), feFromBig(m(e.Z)), feFromBig(m(e.T)))
}

/** Scalars in [0, ℓ) with edges weighted in. */
export const scalar = fc.oneof(
  { weight: 5, arbitrary: fc.bigInt({ min: 0n, max: ORDER - 1n }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      0n,
      1n,
      2n,
      7n,
      8n,
      9n,
      15n,
      16n,
      ORDER - 1n,
      ORDER - 8n,
      2n ** 252n,
    ),
  },
  { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 2n ** 130n }) },
)

export const noblePoint = fc.bigInt({ min: 1n, max: ORDER - 1n }).map((k) => NP.BASE.multiply(k))
