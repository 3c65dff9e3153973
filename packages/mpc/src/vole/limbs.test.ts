/**
 * Property tests of the vOLE limb kernels against BigInt: hundreds of random cases plus edge
 * values (0, 1, q − 1, q, 2^384 − 1, limbs at their bounds, results forced to 0, 1 and q − 1).
 */
import * as fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { fromLimbs, toLimbs } from '../limbs/limbs24.ts'
import { aTildeTo } from './aTildeKernel.ts'
import { alphaLimbs, bytesToLimbs, isCanonicalAt, padLimbs, thetaTable } from './limbs.ts'
import { muPairTo } from './muKernel.ts'
import { modQ, Q, readScalar, scalarBytes } from './scalars.ts'
import { mulAcc, WEAK_TOP, weakReduce } from './wideKernels.ts'

const P384 = 2n ** 384n
const B = 2 ** 24
const edge = <T>(edges: T[], random: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: fc.constantFrom(...edges), weight: 1 }, { arbitrary: random, weight: 3 })
const scalar = edge([0n, 1n, 2n, Q - 2n, Q - 1n], fc.bigInt({ min: 0n, max: Q - 1n }))
const pad = edge(
  [0n, 1n, Q - 1n, Q, Q + 1n, 2n ** 256n - 1n, 2n ** 256n, P384 - 1n, P384 - Q],
  fc.bigInt({ min: 0n, max: P384 - 1n }),
)
/** n limbs, each in [0, max], with the extremes often. */
const limbVec = (n: number, max: (i: number) => number) =>
  fc.tuple(
    ...Array.from({ length: n }, (_, i) =>
      edge([0, max(i), B - 1], fc.integer({ min: 0, max: max(i) })).map((v) => Math.min(v, max(i))),
    ),
  )
const padLike = limbVec(16, () => 2 * B - 2) // pad + β·ã limbs
const weak = limbVec(11, (i) => (i === 10 ? WEAK_TOP : B - 1))
const residue = fc.constantFrom(0n, 1n, Q - 1n)
const runs = { numRuns: 400 }

function limbsOf(v: bigint, n: number): Float64Array {
  const out = new Float64Array(n)
  toLimbs(v, out, 0, n)
  return out
}
const limbValue = (a: ArrayLike<number>) => fromLimbs(Float64Array.from(a), a.length)

describe('vOLE limb conversions', () => {
  test('padLimbs reads each pad as the little-endian 64-bit words, most significant first', () => {
    fc.assert(
      fc.property(fc.uint32Array({ minLength: 48, maxLength: 48 }), (w) => {
        const out = new Float64Array(64)
        padLimbs(w, out)
        for (let k = 0; k < 4; k++) {
          let v = 0n
          for (let i = 0; i < 6; i++) {
            const W =
              BigInt(w[12 * k + 2 * i] as number) + (BigInt(w[12 * k + 2 * i + 1] as number) << 32n)
            v = (v << 64n) | W
          }
          const limbs = out.subarray(16 * k, 16 * k + 16)
          expect(fromLimbs(limbs, 16)).toBe(v)
          for (const l of limbs) expect(l >= 0 && l < B).toBe(true)
        }
      }),
      runs,
    )
  })

  test('padLimbs with a pad count writes only those pads', () => {
    const w = Uint32Array.from({ length: 48 }, (_, i) => 0x01020304 * (i + 1))
    const all = new Float64Array(64)
    padLimbs(w, all)
    const three = new Float64Array(64).fill(-1)
    padLimbs(w, three, 3)
    expect(three.subarray(0, 48)).toEqual(all.subarray(0, 48))
    expect(three.subarray(48).every((l) => l === -1)).toBe(true)
  })

  test('bytesToLimbs and isCanonicalAt agree with readScalar', () => {
    const bytes = edge(
      [Q - 1n, Q, Q + 1n, 2n ** 256n - 1n, 2n ** 248n * 255n, 0n].map(scalarBytes),
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
    )
    fc.assert(
      fc.property(bytes, fc.nat(8), (b, at) => {
        const buf = new Uint8Array(40)
        buf.set(b, at)
        const out = new Float64Array(12)
        bytesToLimbs(buf, at, out, 1)
        expect(fromLimbs(out.subarray(1), 11)).toBe(readScalar(b, 0))
        expect(isCanonicalAt(buf, at)).toBe(readScalar(b, 0) < Q)
      }),
      runs,
    )
  })
})

describe('vOLE mod-q kernels agree with BigInt', () => {
  test('weakReduce: ≡ mod q, limbs 0..9 below 2^24, limb 10 at most WEAK_TOP', () => {
    fc.assert(
      fc.property(padLike, (x) => {
        const out = new Float64Array(13)
        weakReduce(Float64Array.from(x), 0, out, 1)
        const y = out.subarray(1, 12)
        expect(modQ(fromLimbs(y, 11))).toBe(modQ(limbValue(x)))
        y.forEach((l, i) => {
          expect(Number.isInteger(l) && l >= 0 && l <= (i === 10 ? WEAK_TOP : B - 1)).toBe(true)
        })
      }),
      runs,
    )
    const top = new Float64Array(16).fill(2 * B - 2)
    const out = new Float64Array(11)
    weakReduce(top, 0, out, 0)
    expect(out[10]).toBeLessThanOrEqual(WEAK_TOP)
    expect(modQ(fromLimbs(out, 11))).toBe(modQ(fromLimbs(top, 16)))
  })

  test('mulAcc: 512 products accumulate exactly, limbs stay below 2^24', () => {
    const gy = fc.tuple(scalar, weak)
    fc.assert(
      fc.property(fc.array(gy, { minLength: 1, maxLength: 8 }), fc.boolean(), (cases, worst) => {
        const acc = new Float64Array(23)
        const y = new Float64Array(11)
        let want = 0n
        for (let j = 0; j < 512; j++) {
          const [g, yl] = cases[j % cases.length] as [bigint, number[]]
          const gv = worst ? Q - 1n : g
          y.set(worst ? [...new Array(10).fill(B - 1), WEAK_TOP] : yl)
          mulAcc(acc, limbsOf(gv, 11), 0, y, 0)
          want += gv * fromLimbs(y, 11)
        }
        expect(fromLimbs(acc, 23)).toBe(want)
        for (const l of acc.subarray(0, 22)) expect(l >= 0 && l < B).toBe(true)
      }),
      { numRuns: 40 },
    )
  })

  test('aTildeTo: canonical bytes of (p0 − p1 + α) mod q, including results 0, 1 and q − 1', () => {
    fc.assert(
      fc.property(pad, pad, scalar, fc.option(residue), (p0, p1, a, forced) => {
        const alpha = forced === null ? a : modQ(forced - p0 + p1)
        const out = new Uint8Array(34).fill(0xaa)
        aTildeTo(
          new DataView(out.buffer),
          1,
          limbsOf(p0, 16),
          limbsOf(p1, 16),
          0,
          alphaLimbs([alpha]),
          0,
        )
        expect(out.subarray(1, 33)).toEqual(scalarBytes(modQ(p0 - p1 + alpha)))
        if (forced !== null) expect(readScalar(out, 1)).toBe(forced)
        expect([out[0], out[33]]).toEqual([0xaa, 0xaa])
      }),
      runs,
    )
  })

  test('muPairTo stays exact with every table limb, pad limb and Y limb at its bound', () => {
    // A θ table is 11 canonical scalars; limbs at their bounds (2^24 − 1, 2^16 − 1 on top)
    // maximise every column's subtrahend. The kernel must still give E − X − Σ_i Y_i·T_i mod q.
    const tableRow = edge([B - 1, 0], fc.integer({ min: 0, max: B - 1 }))
    const table = fc
      .array(tableRow, { minLength: 121, maxLength: 121 })
      .map((l) => Float64Array.from(l, (v, i) => (i % 11 === 10 ? v % 65536 : v)))
    const tableValue = (t: Float64Array, y: number[]) =>
      y.reduce(
        (acc, yi, i) => acc + BigInt(yi) * fromLimbs(t.subarray(11 * i, 11 * i + 11), 11),
        0n,
      )
    const cases = fc.tuple(scalar, padLike, weak, weak, table, table)
    const worst = [
      0n,
      new Array(16).fill(2 * B - 2),
      [...new Array(10).fill(B - 1), WEAK_TOP],
      [...new Array(10).fill(B - 1), WEAK_TOP],
      Float64Array.from({ length: 121 }, (_, i) => (i % 11 === 10 ? 65535 : B - 1)),
      Float64Array.from({ length: 121 }, (_, i) => (i % 11 === 10 ? 65535 : B - 1)),
    ] as const
    fc.assert(
      fc.property(edge([worst as never], cases), ([e, x, y1, y2, t1, t2]) => {
        const out = new Uint8Array(35).fill(0x77)
        const xs = new Float64Array(19)
        xs.set(x, 3)
        const ys = new Float64Array(24)
        ys.set([...y1, ...y2], 2)
        const es = new Float64Array(12)
        toLimbs(e, es, 1, 11)
        muPairTo(new DataView(out.buffer), 2, xs, 3, ys, 2, [t1, t2], es, 1)
        const want = modQ(e - limbValue(x) - tableValue(t1, y1) - tableValue(t2, y2))
        expect(out.subarray(2, 34)).toEqual(scalarBytes(want))
        expect([out[0], out[1], out[34]]).toEqual([0x77, 0x77, 0x77])
      }),
      runs,
    )
  })

  test('muPairTo: canonical bytes of (E − X − θ_1·Y_1 − θ_2·Y_2) mod q, results 0, 1, q − 1', () => {
    fc.assert(
      fc.property(
        scalar,
        padLike,
        weak,
        weak,
        scalar,
        scalar,
        fc.option(residue, { nil: null }),
        (e, x, y1, y2, t1, t2, forced) => {
          const X = limbValue(x)
          const Y1 = limbValue(y1)
          const Y2 = limbValue(y2)
          const E = forced === null ? e : modQ(forced + X + t1 * Y1 + t2 * Y2)
          const out = new Uint8Array(34).fill(0x55)
          muPairTo(
            new DataView(out.buffer),
            1,
            Float64Array.from(x),
            0,
            Float64Array.from([...y1, ...y2]),
            0,
            [thetaTable(t1), thetaTable(t2)],
            limbsOf(E, 11),
            0,
          )
          expect(out.subarray(1, 33)).toEqual(scalarBytes(modQ(E - X - t1 * Y1 - t2 * Y2)))
          if (forced !== null) expect(readScalar(out, 1)).toBe(forced)
          expect([out[0], out[33]]).toEqual([0x55, 0x55])
        },
      ),
      runs,
    )
  })
})
