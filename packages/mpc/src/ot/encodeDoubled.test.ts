import {
  ED25519_TORSION_SUBGROUP,
  ed25519,
  ristretto255,
  ristretto255_hasher,
} from '@noble/curves/ed25519.js'
import { randomBytes } from '@noble/hashes/utils.js'
import * as fc from 'fast-check'
import { expect, test } from 'vitest'
import { encodeDoubled, halfScalar } from './encodeDoubled.ts'

type Point = InstanceType<typeof ristretto255.Point>
const Point = ristretto255.Point
const ORDER = Point.Fn.ORDER

// E[4]: adding one of these changes the Edwards representative, not the ristretto255 element.
const E4 = ED25519_TORSION_SUBGROUP.map((hex) => ed25519.Point.fromHex(hex)).filter((t) =>
  t.multiplyUnsafe(4n).is0(),
)

/** The same ristretto255 element as `p`, through another Edwards representative (not affine-1). */
function otherRepresentative(p: Point, torsion: number): Point {
  const ep = ed25519.Point.fromAffine(p.toAffine()).add(
    E4[torsion % E4.length] as typeof ed25519.Point.BASE,
  )
  const q = Point.fromAffine(ep.toAffine())
  expect(q.equals(p)).toBe(true)
  return q
}

const slots = (bytes: Uint8Array) =>
  Array.from({ length: bytes.length / 32 }, (_, i) => bytes.subarray(32 * i, 32 * i + 32))

test('E[4] has the four points the representative test needs', () => {
  expect(E4).toHaveLength(4)
})

test('equals P.double().toBytes() for random scalars and every E[4] representative', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: 1n, max: ORDER - 1n }), fc.nat(3), (k, torsion) => {
      const p = Point.BASE.multiply(k)
      const q = otherRepresentative(p, torsion)
      const want = p.double().toBytes()
      expect(slots(encodeDoubled([p, q]))).toEqual([want, want])
    }),
    { numRuns: 40 },
  )
})

test('a batch with the identity and hash-to-group points matches noble element by element', () => {
  const points: Point[] = [Point.ZERO, Point.BASE]
  for (let i = 0; i < 30; i++) {
    points.push(ristretto255.Point.BASE.multiply(BigInt(i + 2) ** 40n % ORDER))
    points.push(Point.fromBytes(Point.BASE.multiply(BigInt(i + 7)).toBytes()))
    points.push(ristretto255_hasher.hashToCurve(randomBytes(32)))
  }
  points.splice(17, 0, Point.ZERO)
  const got = slots(encodeDoubled(points))
  expect(got).toEqual(points.map((p) => p.double().toBytes()))
  expect(got[0]).toEqual(new Uint8Array(32))
  expect(encodeDoubled([])).toEqual(new Uint8Array(0))
})

test('halfScalar: 2·(k/2) = k mod ℓ, stays in [1, ℓ), and (k/2)·G doubles to k·G', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: 1n, max: ORDER - 1n }), (k) => {
      const h = halfScalar(k)
      expect(h >= 1n && h < ORDER).toBe(true)
      expect((2n * h) % ORDER).toBe(k)
    }),
  )
  const k = BigInt(`0x${Buffer.from(randomBytes(31)).toString('hex')}`) + 1n
  expect(slots(encodeDoubled([Point.BASE.multiply(halfScalar(k))]))[0]).toEqual(
    Point.BASE.multiply(k).toBytes(),
  )
})
