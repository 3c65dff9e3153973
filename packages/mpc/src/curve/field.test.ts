import { secp256k1 } from '@noble/curves/secp256k1.js'
import * as fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import {
  add,
  cmov,
  equal,
  type Fe,
  fe,
  feFromBig,
  fromBytes,
  inv,
  isCanonical,
  isOdd,
  isZero,
  mul,
  mulSmall,
  neg,
  P_BIG,
  sqr,
  sqrt,
  sub,
  toBig,
  toBytes,
} from './field.ts'

const Fp = secp256k1.Point.Fp
const P = P_BIG
const RUNS = { numRuns: 300 }

/** Field values including the edges: 0, 1, p−1, p−2^32, values near 2^256. */
const value = fc.oneof(
  fc.bigInt({ min: 0n, max: P - 1n }),
  fc.constantFrom(0n, 1n, 2n, P - 1n, P - 2n, 2n ** 255n, 2n ** 32n + 976n, P - 2n ** 32n),
)

/** A weak, non-canonical representation of x: maybe x + p, with limbs borrowed or lent (signed). */
function skewed(x: bigint, seed: number): Fe {
  const a = feFromBig(seed & 1 ? x + P : x)
  for (let i = 0; i < 10; i++) {
    const d = (seed >>> (1 + (i % 15) * 2)) & 3
    const v = a[i] as number
    if (d === 1) {
      a[i] = v - 2 ** 24 // lend 2^24 up: limb goes negative
      a[i + 1] = (a[i + 1] as number) + 1
    } else if (d === 2 && v < 0.4 * 2 ** 24) {
      a[i] = v + 2 ** 24 // borrow 2^24 from above
      a[i + 1] = (a[i + 1] as number) - 1
    }
  }
  return a
}

function big(a: Fe): bigint {
  let v = 0n
  for (let i = 10; i >= 0; i--) v = v * 2n ** 24n + BigInt(a[i] as number)
  return ((v % P) + P) % P
}

function isWeak(a: Fe): boolean {
  return a.every((x) => Number.isInteger(x) && Math.abs(x) <= 2 ** 24.5)
}

function binary(op: (o: Fe, a: Fe, b: Fe) => void, ref: (a: bigint, b: bigint) => bigint) {
  fc.assert(
    fc.property(value, value, fc.integer(), (x, y, seed) => {
      const o = fe()
      op(o, skewed(x, seed), skewed(y, ~seed))
      expect(isWeak(o)).toBe(true)
      expect(toBig(o)).toBe(ref(x, y))
      // aliasing: output written over the first input
      const a = skewed(x, seed)
      op(a, a, feFromBig(y))
      expect(toBig(a)).toBe(ref(x, y))
    }),
    RUNS,
  )
}

describe('field mod p on 11 × 24-bit limbs agrees with noble', () => {
  test('skewed test inputs are weak and keep their value', () => {
    fc.assert(
      fc.property(value, fc.integer(), (x, seed) => {
        const a = skewed(x, seed)
        expect(isWeak(a)).toBe(true)
        expect(big(a)).toBe(x)
      }),
      RUNS,
    )
  })
  test('mul', () => binary(mul, (a, b) => Fp.mul(a, b)))
  test('add', () => binary(add, (a, b) => Fp.add(a, b)))
  test('sub', () => binary(sub, (a, b) => Fp.sub(a, b)))
  test('sqr, neg, mulSmall(21), mulSmall(0)', () => {
    fc.assert(
      fc.property(value, fc.integer(), (x, seed) => {
        const o = fe()
        sqr(o, skewed(x, seed))
        expect(isWeak(o)).toBe(true)
        expect(toBig(o)).toBe(Fp.sqr(x))
        neg(o, skewed(x, seed))
        expect(toBig(o)).toBe(Fp.neg(x))
        mulSmall(o, skewed(x, seed), 21)
        expect(isWeak(o)).toBe(true)
        expect(toBig(o)).toBe(Fp.mul(x, 21n))
        mulSmall(o, skewed(x, seed), 0)
        expect(isZero(o)).toBe(true)
      }),
      RUNS,
    )
  })
  test('worst-case limbs (every limb ±2^24.5) multiply exactly', () => {
    for (const s of [1, -1]) {
      const a = fe().fill(s * Math.floor(2 ** 24.5))
      const b = fe().fill(Math.floor(2 ** 24.5))
      const o = fe()
      mul(o, a, b)
      expect(isWeak(o)).toBe(true)
      expect(toBig(o)).toBe(Fp.mul(big(a), big(b)))
      sqr(o, a)
      expect(toBig(o)).toBe(Fp.sqr(big(a)))
    }
  })
  test('long chains of mixed operations stay weak and exact', () => {
    fc.assert(
      fc.property(value, value, (x, y) => {
        const a = feFromBig(x)
        const b = feFromBig(y)
        let ra = x
        for (let i = 0; i < 40; i++) {
          add(a, a, b)
          sub(a, a, feFromBig(P - 1n))
          mul(a, a, b)
          mulSmall(a, a, 21)
          sqr(a, a)
          ra = Fp.sqr(Fp.mul(Fp.mul(Fp.add(Fp.add(ra, y), 1n), y), 21n))
        }
        expect(isWeak(a)).toBe(true)
        expect(toBig(a)).toBe(ra)
      }),
      { numRuns: 50 },
    )
  })
  test('inv is the Fermat inverse; inv(0) = 0', () => {
    fc.assert(
      fc.property(value, fc.integer(), (x, seed) => {
        const o = fe()
        inv(o, skewed(x, seed))
        expect(toBig(o)).toBe(x === 0n ? 0n : Fp.inv(x))
      }),
      { numRuns: 100 },
    )
  })
  test('sqrt returns a root exactly for squares', () => {
    fc.assert(
      fc.property(value, (x) => {
        const o = fe()
        const ok = sqrt(o, feFromBig(x))
        const isSquare = Fp.pow(x, (P - 1n) / 2n) !== P - 1n
        expect(ok).toBe(isSquare)
        if (ok) expect(Fp.sqr(toBig(o))).toBe(x)
      }),
      { numRuns: 100 },
    )
  })
  test('bytes round-trip; values ≥ p are not canonical and reduce mod p', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }), (x) => {
        const bytes = Fp.toBytes(x % P)
        const raw = new Uint8Array(33)
        raw.set(secp256k1.Point.Fn.toBytes(0n).fill(0), 0)
        for (let i = 0; i < 32; i++) raw[i + 1] = Number((x >> BigInt(8 * (31 - i))) & 255n)
        const a = fromBytes(raw, 1)
        expect(isCanonical(a)).toBe(x < P)
        expect(toBig(a)).toBe(x % P)
        expect(toBytes(a)).toEqual(bytes)
        expect(isOdd(a)).toBe((x % P) % 2n === 1n)
      }),
      RUNS,
    )
    for (const x of [P, P + 1n, 2n ** 256n - 1n]) {
      const raw = new Uint8Array(32)
      for (let i = 0; i < 32; i++) raw[i] = Number((x >> BigInt(8 * (31 - i))) & 255n)
      expect(isCanonical(fromBytes(raw))).toBe(false)
    }
  })
  test('equal, isZero and cmov', () => {
    fc.assert(
      fc.property(value, value, fc.integer(), (x, y, seed) => {
        expect(equal(skewed(x, seed), feFromBig(y))).toBe(x === y)
        expect(equal(skewed(x, seed), feFromBig(x + P))).toBe(true)
        expect(isZero(skewed(x, seed))).toBe(x === 0n)
        const o = fe()
        cmov(o, feFromBig(x), feFromBig(y), 0)
        expect(toBig(o)).toBe(x)
        cmov(o, feFromBig(x), feFromBig(y), 1)
        expect(toBig(o)).toBe(y)
      }),
      RUNS,
    )
  })
})
