import { secp256k1 } from '@noble/curves/secp256k1.js'
import * as fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { invN } from '../encoding/scalars.ts'
import {
  affineX,
  basePrecomputed,
  ecdsaVerifyPrehashed,
  identity,
  isIdentity,
  msmUnsafe,
  N,
  precompute,
} from './index.ts'
import { glvSplit, LAMBDA, wnaf } from './scalar.ts'
import { fromNoble, NP, n, noblePoint, scalar, toNoble } from './testing.ts'

describe('variable-time msm and ECDSA verification agree with noble', () => {
  let checked = 0
  test('wNAF digits are odd, bounded, spaced, and sum back to k', () => {
    fc.assert(
      fc.property(scalar, fc.integer({ min: 2, max: 8 }), (k, w) => {
        const naf = wnaf(k, w)
        let v = 0n
        let last = -w
        naf.forEach((d, i) => {
          if (d === 0) return
          expect(Math.abs(d) % 2).toBe(1)
          expect(Math.abs(d) < 2 ** (w - 1)).toBe(true)
          expect(i - last >= w).toBe(true)
          last = i
          v += BigInt(d) << BigInt(i)
        })
        expect(v).toBe(k)
      }),
      { numRuns: 300 },
    )
  })
  test('Σ kᵢ·Pᵢ for 1..4 points, raw and precomputed, with G', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            noblePoint,
            scalar.filter((k) => k < n),
            fc.boolean(),
          ),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        fc.option(
          scalar.filter((k) => k < n),
          { nil: undefined },
        ),
        (terms, g) => {
          const pts = terms.map(([P, , pre]) => (pre ? precompute(fromNoble(P)) : fromNoble(P)))
          const ks = terms.map(([, k]) => k)
          let ref = terms.reduce((acc, [P, k]) => acc.add(P.multiplyUnsafe(k)), NP.ZERO)
          if (g !== undefined) {
            pts.push(basePrecomputed())
            ks.push(g)
            ref = ref.add(NP.BASE.multiplyUnsafe(g))
          }
          expect(toNoble(msmUnsafe(pts, ks)).equals(ref)).toBe(true)
        },
      ),
      { numRuns: 200 },
    )
  })
  test('GLV edges: 0, 1, n − 1, λ, λ², 2^128 ± 1, negative halves, [1, ρ], P = −Q', () => {
    const lambda2 = (LAMBDA * LAMBDA) % n
    const edges = [0n, 1n, 2n, n - 1n, n - 2n, LAMBDA, lambda2, n - LAMBDA, 2n ** 128n - 1n]
    edges.push(2n ** 128n, 2n ** 128n + 1n, 2n ** 127n + 12345n, n / 2n, n - 2n ** 128n)
    // scalars whose halves come out negative in each combination
    const signs = new Set<string>()
    for (let k = 3n; signs.size < 4 && k < 10000n; k++) {
      const s = (k * 0x9e3779b97f4a7c15f39cc0605cedc834n) % n
      const { neg1, neg2 } = glvSplit(s)
      if (!signs.has(`${neg1}${neg2}`)) {
        signs.add(`${neg1}${neg2}`)
        edges.push(s)
      }
    }
    expect(signs.size).toBe(4)
    const P = NP.BASE.multiply(0xc0ffeen)
    const Q = NP.BASE.multiply(0xbeefn)
    const p = fromNoble(P)
    const pre = precompute(p, 4)
    for (const k of edges) {
      const want = P.multiplyUnsafe(k)
      for (const term of [p, pre, precompute(p, 2)]) {
        const got = msmUnsafe([term], [k])
        if (k === 0n) expect(isIdentity(got)).toBe(true)
        else expect(toNoble(got).equals(want)).toBe(true)
      }
      const g = msmUnsafe([basePrecomputed()], [k])
      if (k === 0n) expect(isIdentity(g)).toBe(true)
      else expect(toNoble(g).equals(NP.BASE.multiplyUnsafe(k))).toBe(true)
      // k·P + k·(−P) = 0 through both table kinds
      const negP = fromNoble(P.negate())
      expect(isIdentity(msmUnsafe([p, negP], [k, k]))).toBe(true)
      expect(isIdentity(msmUnsafe([pre, precompute(negP)], [k, k]))).toBe(true)
      const rho = k >> 128n || k
      const ref = P.add(Q.multiplyUnsafe(rho))
      expect(toNoble(msmUnsafe([p, fromNoble(Q)], [1n, rho])).equals(ref)).toBe(true)
    }
  })
  test('cancellation to the identity (χ·R + c·P − d·G = 0), zero scalars, identity input', () => {
    fc.assert(
      fc.property(noblePoint, fc.bigInt({ min: 1n, max: n - 1n }), (P, k) => {
        const p = fromNoble(P)
        expect(isIdentity(msmUnsafe([p, precompute(p)], [k, n - k]))).toBe(true)
        expect(isIdentity(msmUnsafe([p, basePrecomputed()], [0n, 0n]))).toBe(true)
        expect(toNoble(msmUnsafe([identity(), p], [k, 1n])).equals(P)).toBe(true)
      }),
      { numRuns: 100 },
    )
    expect(isIdentity(msmUnsafe([], []))).toBe(true)
    expect(() => msmUnsafe([identity()], [])).toThrow(RangeError)
    expect(() => msmUnsafe([identity()], [N])).toThrow(RangeError)
    expect(() => precompute(identity())).toThrow(RangeError)
  })
  test('ecdsaVerifyPrehashed accepts noble signatures (low and high s) and rejects tampering', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 48, maxLength: 48 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.boolean(),
        (sk, msg, pre) => {
          const priv = secp256k1.utils.randomSecretKey(sk)
          checked++
          const sig = secp256k1.Signature.fromBytes(
            secp256k1.sign(msg, priv, { prehash: false }),
            'compact',
          )
          const pub = fromNoble(NP.fromBytes(secp256k1.getPublicKey(priv)))
          const key = pre ? precompute(pub) : pub
          expect(ecdsaVerifyPrehashed(sig.r, sig.s, msg, key)).toBe(true)
          expect(ecdsaVerifyPrehashed(sig.r, n - sig.s, msg, key)).toBe(true)
          expect(ecdsaVerifyPrehashed(sig.r, (sig.s + 1n) % n || 1n, msg, key)).toBe(false)
          const other = msg.slice()
          other[0] = (other[0] as number) ^ 1
          expect(ecdsaVerifyPrehashed(sig.r, sig.s, other, key)).toBe(false)
          expect(ecdsaVerifyPrehashed(0n, sig.s, msg, key)).toBe(false)
          expect(ecdsaVerifyPrehashed(sig.r, 0n, msg, key)).toBe(false)
          expect(ecdsaVerifyPrehashed(n, sig.s, msg, key)).toBe(false)
        },
      ),
      { numRuns: 100 },
    )
    expect(checked).toBe(100)
  })
  test('affineX, and the shared invN used by verification', () => {
    fc.assert(
      fc.property(noblePoint, fc.bigInt({ min: 1n, max: n - 1n }), (P, a) => {
        expect(affineX(fromNoble(P))).toBe(P.toAffine().x)
        expect((invN('secp256k1', a) * a) % n).toBe(1n)
      }),
      { numRuns: 100 },
    )
  })
})
