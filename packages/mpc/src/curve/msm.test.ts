import { secp256k1 } from '@noble/curves/secp256k1.js'
import * as fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import {
  affineX,
  basePrecomputed,
  ecdsaVerifyPrehashed,
  identity,
  invN,
  isIdentity,
  msmUnsafe,
  N,
  precompute,
} from './index.ts'
import { wnaf } from './scalar.ts'
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
  test('affineX and invN', () => {
    fc.assert(
      fc.property(noblePoint, fc.bigInt({ min: 1n, max: n - 1n }), (P, a) => {
        expect(affineX(fromNoble(P))).toBe(P.toAffine().x)
        expect((invN(a) * a) % n).toBe(1n)
      }),
      { numRuns: 100 },
    )
  })
})
