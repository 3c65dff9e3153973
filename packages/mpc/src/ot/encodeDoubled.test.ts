import { ristretto255_hasher } from '@noble/curves/ed25519.js'
import { randomBytes } from '@noble/hashes/utils.js'
import * as fc from 'fast-check'
import { expect, test } from 'vitest'
import { identity, mulBase } from '../ristretto/index.ts'
import { fromNoble, NP, ORDER, otherRepresentative } from '../ristretto/testing.ts'
import { encodeDoubled, halfScalar } from './encodeDoubled.ts'

const slots = (bytes: Uint8Array) =>
  Array.from({ length: bytes.length / 32 }, (_, i) => bytes.subarray(32 * i, 32 * i + 32))

test('equals noble P.double().toBytes() for random scalars and every E[4] representative', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: 1n, max: ORDER - 1n }), fc.nat(3), fc.bigInt(), (k, tor, lam) => {
      const p = NP.BASE.multiply(k)
      const want = p.double().toBytes()
      expect(slots(encodeDoubled([fromNoble(p), otherRepresentative(p, tor, lam)]))).toEqual([
        want,
        want,
      ])
    }),
    { numRuns: 40 },
  )
})

test('a batch with the identity and hash-to-group points matches noble element by element', () => {
  const points = [NP.ZERO, NP.BASE]
  for (let i = 0; i < 30; i++) {
    points.push(NP.BASE.multiply(BigInt(i + 2) ** 40n % ORDER))
    points.push(NP.fromBytes(NP.BASE.multiply(BigInt(i + 7)).toBytes()))
    points.push(ristretto255_hasher.hashToCurve(randomBytes(32)))
  }
  points.splice(17, 0, NP.ZERO)
  const got = slots(encodeDoubled(points.map(fromNoble)))
  expect(got).toEqual(points.map((p) => p.double().toBytes()))
  expect(got[0]).toEqual(new Uint8Array(32))
  expect(slots(encodeDoubled([identity()]))[0]).toEqual(new Uint8Array(32))
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
  expect(slots(encodeDoubled([mulBase(halfScalar(k))]))[0]).toEqual(NP.BASE.multiply(k).toBytes())
})
