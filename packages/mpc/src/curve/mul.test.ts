import * as fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { base, isIdentity, mul, mulBase, N } from './index.ts'
import { signedDigits, W, WINDOWS } from './mulBase.ts'
import { BETA, glvSplit, LAMBDA } from './scalar.ts'
import { fromNoble, NP, n, noblePoint, scalar, toNoble } from './testing.ts'

describe('constant-time scalar multiplication agrees with noble', () => {
  test('mulBase(k) = k·G, including 0, 1, n − 1 and small k', () => {
    fc.assert(
      fc.property(
        scalar.filter((k) => k < n),
        (k) => {
          const r = mulBase(k)
          if (k === 0n) expect(isIdentity(r)).toBe(true)
          else expect(toNoble(r).equals(NP.BASE.multiply(k))).toBe(true)
        },
      ),
      { numRuns: 200 },
    )
    for (let k = 0n; k < 40n; k++)
      expect(toNoble(mulBase(k)).equals(NP.BASE.multiplyUnsafe(k))).toBe(true)
  })
  test('mulBase signed digits sum back to k, in range; carry chains and edges', () => {
    const half = 2 ** (W - 1)
    const ones = (1n << BigInt(W)) - 1n
    let allHalf = 0n // every window exactly 2^(W−1): a carry out of each one
    for (let i = 0; i < WINDOWS - 1; i++) allHalf |= BigInt(half) << BigInt(W * i)
    let allOnes = 0n // every window 2^W − 1: the longest carry chain
    for (let i = 0; i < WINDOWS - 1; i++) allOnes |= ones << BigInt(W * i)
    const edges = [0n, 1n, 2n, N - 1n, N - 2n, allHalf % N, allOnes % N, 2n ** 255n, LAMBDA]
    const d = new Int32Array(WINDOWS)
    fc.assert(
      fc.property(
        fc.oneof(
          scalar.filter((k) => k < n),
          fc.constantFrom(...edges),
        ),
        (k) => {
          signedDigits(k, d)
          let v = 0n
          d.forEach((x, i) => {
            expect(x >= -half && x <= half).toBe(true)
            if (i < WINDOWS - 1) expect(x < half).toBe(true)
            v += BigInt(x) << BigInt(W * i)
          })
          expect(v).toBe(k)
        },
      ),
      { numRuns: 500 },
    )
    for (const k of edges) {
      const r = mulBase(k)
      if (k === 0n) expect(isIdentity(r)).toBe(true)
      else expect(toNoble(r).equals(NP.BASE.multiply(k))).toBe(true)
    }
  })
  test('mul(P, k) = k·P for random P, including 0, 1, n − 1, λ, λ² and small k', () => {
    fc.assert(
      fc.property(
        noblePoint,
        scalar.filter((k) => k < n),
        (P, k) => {
          const r = mul(fromNoble(P), k)
          expect(toNoble(r).equals(P.multiplyUnsafe(k))).toBe(true)
        },
      ),
      { numRuns: 200 },
    )
    const lambda2 = (LAMBDA * LAMBDA) % N
    for (const k of [
      0n,
      1n,
      2n,
      15n,
      16n,
      N - 1n,
      LAMBDA,
      lambda2,
      N - LAMBDA,
      (LAMBDA + 1n) % N,
    ]) {
      expect(toNoble(mul(base(), k)).equals(NP.BASE.multiplyUnsafe(k))).toBe(true)
    }
  })
  test('mul of the identity is the identity', () => {
    expect(isIdentity(mul(fromNoble(NP.ZERO), 12345n))).toBe(true)
  })
  test('scalars outside [0, n) are rejected with RangeError', () => {
    for (const k of [-1n, N, N + 1n, 2n ** 256n]) {
      expect(() => mulBase(k)).toThrow(RangeError)
      expect(() => mul(base(), k)).toThrow('scalar must be a bigint in [0, n)')
    }
  })
  test('GLV split: k ≡ ±k1 ± k2·λ with both halves below 2^128; λ acts as x ↦ β·x', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: N - 1n }), (k) => {
        const { k1, k2, neg1, neg2 } = glvSplit(k)
        expect(k1 < 2n ** 128n && k2 < 2n ** 128n && k1 >= 0n && k2 >= 0n).toBe(true)
        const s1 = neg1 ? -k1 : k1
        const s2 = neg2 ? -k2 : k2
        expect((((s1 + s2 * LAMBDA) % N) + N) % N).toBe(k)
      }),
      { numRuns: 500 },
    )
    const L = NP.BASE.multiply(LAMBDA).toAffine()
    expect(L.x).toBe(NP.Fp.mul(BETA, NP.BASE.toAffine().x))
    expect(L.y).toBe(NP.BASE.toAffine().y)
  })
})
