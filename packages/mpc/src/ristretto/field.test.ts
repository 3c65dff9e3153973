import { ristretto255 } from '@noble/curves/ed25519.js'
import * as fc from 'fast-check'
import { expect, test } from 'vitest'
import {
  add,
  addNc,
  type Fe,
  fe,
  feFromBig,
  fromBytes,
  inv,
  isCanonical,
  isNegative,
  isZero,
  mul,
  neg,
  normalize,
  P_BIG,
  powP58,
  SQRT_M1,
  sqr,
  sqrtRatioM1,
  sub,
  subNc,
  toBig,
  toBytes,
} from './field.ts'

const P = P_BIG
const Fp = ristretto255.Point.Fp
const mod = (a: bigint) => ((a % P) + P) % P
const elem = fc.oneof(
  { weight: 6, arbitrary: fc.bigInt({ min: 0n, max: P - 1n }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(0n, 1n, 2n, 19n, P - 1n, P - 2n, 2n ** 254n, 2n ** 24n - 1n),
  },
)

/** A weak element of the same value: limbs ≥ 2^23 borrowed into negative ones, by seed bits. */
function weak(x: bigint, seed: number): Fe {
  const a = feFromBig(x)
  for (let i = 0; i < 10; i++) {
    if (((seed >>> i) & 1) === 1 && (a[i] as number) >= 8388608) {
      a[i] = (a[i] as number) - 16777216
      a[i + 1] = (a[i + 1] as number) + 1
    }
  }
  return a
}

test('constants: p matches noble', () => {
  expect(P).toBe(Fp.ORDER)
})

test('mul, sqr, add, sub, neg match BigInt arithmetic on weak inputs', () => {
  fc.assert(
    fc.property(elem, elem, fc.nat(), fc.nat(), (x, y, s1, s2) => {
      const a = weak(x, s1)
      const b = weak(y, s2)
      const o = fe()
      mul(o, a, b)
      expect(toBig(o)).toBe(mod(x * y))
      sqr(o, a)
      expect(toBig(o)).toBe(mod(x * x))
      add(o, a, b)
      expect(toBig(o)).toBe(mod(x + y))
      sub(o, a, b)
      expect(toBig(o)).toBe(mod(x - y))
      neg(o, a)
      expect(toBig(o)).toBe(mod(-x))
    }),
    { numRuns: 500 },
  )
})

test('long chains of operations stay exact (outputs are weak and feed back)', () => {
  const a = feFromBig(P - 1n)
  const b = feFromBig(P - 2n)
  let x = P - 1n
  const y = P - 2n
  for (let i = 0; i < 2000; i++) {
    mul(a, a, b)
    sub(a, a, b)
    add(a, a, a)
    sqr(a, a)
    x = mod(mod(mod(x * y - y) * 2n) ** 2n)
  }
  expect(toBig(a)).toBe(x)
})

test('inv, powP58 and sqrtRatioM1 match noble', () => {
  fc.assert(
    fc.property(elem, elem, (x, y) => {
      const o = fe()
      inv(o, feFromBig(x))
      expect(toBig(o)).toBe(x === 0n ? 0n : Fp.inv(x))
      powP58(o, feFromBig(x))
      expect(toBig(o)).toBe(Fp.pow(x, (P - 5n) / 8n))
      const ok = sqrtRatioM1(o, feFromBig(x), feFromBig(y))
      const r = toBig(o)
      expect(r & 1n).toBe(0n)
      const vr2 = mod(y * r * r)
      if (ok === 1) expect(vr2).toBe(x)
      else if (y === 0n) expect(r).toBe(0n)
      else expect(vr2).toBe(mod(x * toBig(SQRT_M1)))
      expect(ok).toBe(
        x === 0n || (y !== 0n && Fp.pow(mod(x * Fp.inv(y)), (P - 1n) / 2n) === 1n) ? 1 : 0,
      )
    }),
    { numRuns: 300 },
  )
})

test('bytes: round trip, canonical check, bit-255 mask, IS_NEGATIVE, isZero', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
      let v = 0n
      for (let i = 31; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i] as number)
      const a = fromBytes(bytes)
      expect(isCanonical(a)).toBe(v < P ? 1 : 0)
      expect(toBig(a)).toBe(mod(v))
      expect(toBig(fromBytes(bytes, 0, true))).toBe(mod(v & (2n ** 255n - 1n)))
      expect(toBytes(a)).toEqual(Fp.toBytes(mod(v)))
      expect(isNegative(a)).toBe(Number(mod(v) & 1n))
      expect(isZero(a)).toBe(mod(v) === 0n ? 1 : 0)
    }),
    { numRuns: 500 },
  )
  for (const v of [P, P + 1n, 2n ** 255n - 1n, 2n ** 256n - 1n, P - 1n, 0n]) {
    const bytes = new Uint8Array(32)
    for (let i = 0, x = v; i < 32; i++, x >>= 8n) bytes[i] = Number(x & 0xffn)
    const a = fromBytes(bytes)
    expect(isCanonical(a)).toBe(v < P ? 1 : 0)
    const o = fe()
    normalize(o, a)
    expect(toBig(o)).toBe(mod(v))
  }
})

test('the carry-free bound of point.ts: (tight + tight)·carried is exact at the extremes', () => {
  const limbsValue = (a: Fe) => a.reduceRight((v, x) => v * 2n ** 24n + BigInt(x), 0n)
  for (const sign of [1, -1]) {
    const tight = fe().fill(sign * (2 ** 24 + 2 ** 18)) // above any mul output's limb
    const carried = fe().fill(-sign * (2 ** 24 + 2 ** 15)) // above any carried add/sub limb
    const sum = fe()
    addNc(sum, tight, tight)
    const o = fe()
    mul(o, sum, carried)
    expect(toBig(o)).toBe(mod(limbsValue(sum) * limbsValue(carried)))
    subNc(sum, tight, carried)
    mul(o, carried, sum)
    expect(toBig(o)).toBe(mod(limbsValue(sum) * limbsValue(carried)))
  }
})
