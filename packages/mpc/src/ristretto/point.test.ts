import * as fc from 'fast-check'
import { expect, test } from 'vitest'
import { encode } from './encoding.ts'
import { toBig } from './field.ts'
import { basePoint, fixedBaseTable, mul, mulBase, mulFixed } from './mul.ts'
import {
  addInto,
  clonePoint,
  doubleInto,
  equals,
  isIdentity,
  negInto,
  newPoint,
  subInto,
} from './point.ts'
import {
  E4,
  fromNoble,
  NP,
  noblePoint,
  ORDER,
  otherRepresentative,
  scalar,
  toNoble,
} from './testing.ts'

const bytesOf = (p: ReturnType<typeof newPoint>) => encode(p)

test('the base point and E[4] are what the tests assume', () => {
  expect(toNoble(basePoint()).equals(NP.BASE)).toBe(true)
  expect(E4).toHaveLength(4)
  expect(toBig(basePoint().t)).toBe((NP.BASE.toAffine().x * NP.BASE.toAffine().y) % NP.Fp.ORDER)
})

test('add, sub, double, neg match noble (and the outputs stay on the curve)', () => {
  fc.assert(
    fc.property(noblePoint, noblePoint, fc.nat(3), fc.bigInt(), (P, Q, tor, lam) => {
      const p = otherRepresentative(P, tor, lam)
      const q = fromNoble(Q)
      const o = newPoint()
      addInto(o, p, q)
      expect(bytesOf(o)).toEqual(P.add(Q).toBytes())
      subInto(o, p, q)
      expect(bytesOf(o)).toEqual(P.subtract(Q).toBytes())
      doubleInto(o, p)
      expect(bytesOf(o)).toEqual(P.double().toBytes())
      negInto(o, p)
      expect(bytesOf(o)).toEqual(P.negate().toBytes())
      // p − p, p + (−p): the identity, through the complete formulas.
      subInto(o, p, p)
      expect(isIdentity(o)).toBe(1)
    }),
    { numRuns: 200 },
  )
})

test('equals and isIdentity follow RFC 9496 (every representative, no false positives)', () => {
  fc.assert(
    fc.property(noblePoint, noblePoint, fc.nat(3), fc.nat(3), fc.bigInt(), (P, Q, t1, t2, lam) => {
      const p = fromNoble(P)
      expect(equals(p, otherRepresentative(P, t1, lam))).toBe(1)
      expect(equals(otherRepresentative(Q, t2, lam), fromNoble(Q))).toBe(1)
      expect(equals(p, fromNoble(Q))).toBe(P.equals(Q) ? 1 : 0)
      expect(isIdentity(p)).toBe(0)
      expect(isIdentity(otherRepresentative(NP.ZERO, t1, lam))).toBe(1)
    }),
    { numRuns: 200 },
  )
})

test('mulBase(k) = k·G and mul(P, k) = k·P as noble, for edge and random scalars', () => {
  fc.assert(
    fc.property(scalar, noblePoint, fc.nat(3), fc.bigInt(), (k, P, tor, lam) => {
      expect(bytesOf(mulBase(k))).toEqual(NP.BASE.multiplyUnsafe(k).toBytes())
      const want = P.multiplyUnsafe(k).toBytes()
      expect(bytesOf(mul(fromNoble(P), k))).toEqual(want)
      expect(bytesOf(mul(otherRepresentative(P, tor, lam), k))).toEqual(want)
    }),
    { numRuns: 200 },
  )
})

test('mul of the identity, of G, and out-of-range scalars', () => {
  expect(isIdentity(mul(newPoint(), 12345n))).toBe(1)
  expect(bytesOf(mul(basePoint(), ORDER - 1n))).toEqual(NP.BASE.negate().toBytes())
  expect(isIdentity(mulBase(0n))).toBe(1)
  expect(() => mul(basePoint(), ORDER)).toThrow(RangeError)
  expect(() => mulBase(-1n)).toThrow(RangeError)
  expect(() => mul(basePoint(), 1 as unknown as bigint)).toThrow(RangeError)
  const p = basePoint()
  const before = clonePoint(p)
  mul(p, 7n)
  expect(p).toEqual(before) // the input is not modified
})

test('mulFixed(table of P, k) = k·P as noble, for any representative of P and edge scalars', () => {
  fc.assert(
    fc.property(noblePoint, fc.nat(3), fc.bigInt(), (P, tor, lam) => {
      const table = fixedBaseTable(otherRepresentative(P, tor, lam))
      for (const k of [0n, 1n, 2n, 15n, 16n, ORDER - 1n, (ORDER * 7n) / 13n]) {
        expect(bytesOf(mulFixed(table, k))).toEqual(P.multiplyUnsafe(k).toBytes())
      }
    }),
    { numRuns: 25 },
  )
  const P = NP.BASE.multiply(12345n)
  const table = fixedBaseTable(fromNoble(P))
  fc.assert(
    fc.property(scalar, (k) => {
      expect(bytesOf(mulFixed(table, k))).toEqual(P.multiplyUnsafe(k).toBytes())
    }),
    { numRuns: 50 },
  )
  expect(() => mulFixed(table, ORDER)).toThrow(RangeError)
})
