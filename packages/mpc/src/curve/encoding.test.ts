import * as fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { P_BIG } from './field.ts'
import { add, decodePoint, double, encodePoint, encodePoints, equals, identity } from './index.ts'
import { fromNoble, NP, noblePoint, toNoble } from './testing.ts'

function withX(prefix: number, x: bigint): Uint8Array {
  const b = new Uint8Array(33)
  b[0] = prefix
  for (let i = 0; i < 32; i++) b[32 - i] = Number((x >> BigInt(8 * i)) & 255n)
  return b
}

/** x whose x³ + 7 is not a square mod p (so no point has it). */
function nonResidueX(): bigint {
  for (let x = 0n; ; x++) {
    const r = (x * x * x + 7n) % P_BIG
    if (NP.Fp.pow(r, (P_BIG - 1n) / 2n) === P_BIG - 1n) return x
  }
}

describe('SEC1 compressed encoding', () => {
  test('encode and decode match noble byte for byte, both parities', () => {
    fc.assert(
      fc.property(noblePoint, (P) => {
        const bytes = P.toBytes(true)
        expect(encodePoint(fromNoble(P))).toEqual(bytes)
        const p = decodePoint(bytes)
        expect(toNoble(p).equals(P)).toBe(true)
        expect(equals(p, fromNoble(P))).toBe(true)
      }),
      { numRuns: 300 },
    )
  })
  test('encodePoints: the bytes of encodePoint on each point (projective Z ≠ 1), one inversion', () => {
    fc.assert(
      fc.property(fc.array(noblePoint, { minLength: 1, maxLength: 5 }), (ps) => {
        // P + P and 2·P carry Z ≠ 1, so the batch inversion is exercised.
        const points = ps.map((P) => add(fromNoble(P), double(fromNoble(P))))
        expect(encodePoints(points)).toEqual(ps.map((P) => P.multiply(3n).toBytes(true)))
      }),
      { numRuns: 100 },
    )
    expect(encodePoints([])).toEqual([])
  })
  test('encodePoints refuses the identity anywhere in the batch', () => {
    const g = fromNoble(NP.BASE)
    expect(() => encodePoints([g, identity(), g])).toThrow(RangeError)
    expect(() => encodePoints([g, identity(), g])).toThrow('the identity has no affine coordinates')
  })
  test('a point with x = 0 cannot exist: 7 is not a square mod p', () => {
    expect(() => decodePoint(withX(2, 0n))).toThrow(/not on the curve/)
  })
  test('rejects wrong lengths, with the length in the message', () => {
    const good = NP.BASE.toBytes(true)
    for (const len of [0, 32, 34, 65]) {
      const b = new Uint8Array(len)
      b.set(good.subarray(0, Math.min(len, 33)))
      expect(() => decodePoint(b)).toThrow(RangeError)
      expect(() => decodePoint(b)).toThrow(`must be 33 bytes, got ${len}`)
    }
    expect(() => decodePoint(NP.BASE.toBytes(false))).toThrow('must be 33 bytes, got 65')
  })
  test('rejects prefixes other than 0x02/0x03', () => {
    const b = NP.BASE.toBytes(true)
    for (const prefix of [0x00, 0x01, 0x04, 0x06, 0x07, 0xff]) {
      b[0] = prefix
      expect(() => decodePoint(b)).toThrow(RangeError)
      expect(() => decodePoint(b)).toThrow(
        `prefix must be 0x02 or 0x03, got 0x${prefix.toString(16).padStart(2, '0')}`,
      )
    }
  })
  test('rejects x = p, x = p + small (even where x − p is on the curve), and x = 2^256 − 1', () => {
    for (const x of [P_BIG, P_BIG + 1n, P_BIG + 7n, 2n ** 256n - 1n]) {
      expect(() => decodePoint(withX(2, x))).toThrow(RangeError)
      expect(() => decodePoint(withX(3, x))).toThrow('x-coordinate is not below p')
    }
    // x − p = 1 is on the curve (1 + 7 = 8 is a square): the range check, not the curve check, rejects
    expect(() => decodePoint(withX(2, 1n))).not.toThrow()
  })
  test('rejects x whose x³ + 7 is a non-residue', () => {
    const x = nonResidueX()
    expect(() => decodePoint(withX(2, x))).toThrow(RangeError)
    expect(() => decodePoint(withX(3, x))).toThrow('x³ + 7 is not a square')
  })
  test('random 33-byte strings: decode succeeds exactly when noble accepts them', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.boolean(), (x, odd) => {
        const b = new Uint8Array(33)
        b[0] = odd ? 3 : 2
        b.set(x, 1)
        let ref: ReturnType<typeof NP.fromBytes> | undefined
        try {
          ref = NP.fromBytes(b)
        } catch {
          ref = undefined
        }
        if (ref) expect(toNoble(decodePoint(b)).equals(ref)).toBe(true)
        else expect(() => decodePoint(b)).toThrow(RangeError)
      }),
      { numRuns: 300 },
    )
  })
  test('the identity is not encodable', () => {
    expect(() => encodePoint(identity())).toThrow(RangeError)
  })
})
