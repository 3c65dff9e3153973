import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import * as fc from 'fast-check'
import { expect, test } from 'vitest'
import { encodeDoubled } from './batch.ts'
import { decode, encode } from './encoding.ts'
import { P_BIG } from './field.ts'
import { basePoint } from './mul.ts'
import { addInto, equals, newPoint } from './point.ts'
import { fromNoble, NP, noblePoint, otherRepresentative } from './testing.ts'

/** noble's answer for bytes: the encoding back, or the error message. */
function nobleDecode(bytes: Uint8Array): string {
  try {
    return bytesToHex(NP.fromBytes(bytes).toBytes())
  } catch (e) {
    return (e as Error).message
  }
}
function ourDecode(bytes: Uint8Array): string {
  try {
    return bytesToHex(encode(decode(bytes)))
  } catch (e) {
    return (e as Error).message
  }
}
const le = (v: bigint) => {
  const b = new Uint8Array(32)
  for (let i = 0; i < 32; i++, v >>= 8n) b[i] = Number(v & 0xffn)
  return b
}

// RFC 9496 Appendix A.1: encodings of 0·B .. 15·B (typed from the RFC; cross-checked with noble).
const MULTIPLES = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  'e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76',
  '6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919',
  '94741f5d5d52755ece4f23f044ee27d5d1ea1e2bd196b462166b16152a9d0259',
  'da80862773358b466ffadfe0b3293ab3d9fd53c5ea6c955358f568322daf6a57',
  'e882b131016b52c1d3337080187cf768423efccbb517bb495ab812c4160ff44e',
  'f64746d3c92b13050ed8d80236a7f0007c3b3f962f5ba793d19a601ebb1df403',
  '44f53520926ec81fbd5a387845beb7df85a96a24ece18738bdcfa6a7822a176d',
  '903293d8f2287ebe10e2374dc1a53e0bc887e592699f02d077d5263cdd55601c',
  '02622ace8f7303a31cafc63f8fc48fdc16e1c8c8d234b2f0d6685282a9076031',
  '20706fd788b2720a1ed2a5dad4952b01f413bcf0e7564de8cdc816689e2db95f',
  'bce83f8ba5dd2fa572864c24ba1810f9522bc6004afe95877ac73241cafdab42',
  'e4549ee16b9aa03099ca208c67adafcafa4c3f3e4e5303de6026e3ca8ff84460',
  'aa52e000df2e16f55fb1032fc33bc42742dad6bd5a8fc0be0167436c5948501f',
  '46376b80f409b29dc2b5f6f0c52591990896e5716f41477cd30085ab7f10301e',
  'e0c418f7c8d9c4cdd7395b93ea124f3ad99021bb681dfc3302a9d99a2e53e64e',
]

test('RFC 9496 A.1: small multiples of the generator encode and decode', () => {
  const acc = newPoint()
  for (const [i, hex] of MULTIPLES.entries()) {
    expect(bytesToHex(encode(acc)), `${i}·B`).toBe(hex)
    expect(bytesToHex(NP.BASE.multiplyUnsafe(BigInt(i)).toBytes())).toBe(hex)
    expect(equals(decode(hexToBytes(hex)), acc)).toBe(1)
    addInto(acc, acc, basePoint())
  }
})

test('encode matches noble on every representative; decode round-trips', () => {
  fc.assert(
    fc.property(noblePoint, fc.nat(3), fc.bigInt(), (P, tor, lam) => {
      const want = P.toBytes()
      expect(encode(fromNoble(P))).toEqual(want)
      expect(encode(otherRepresentative(P, tor, lam))).toEqual(want)
      expect(encode(decode(want))).toEqual(want)
      expect(equals(decode(want), fromNoble(P))).toBe(1)
    }),
    { numRuns: 300 },
  )
})

test('decode agrees with noble on random bytes, exact error messages included', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.boolean(), (b, even) => {
      if (even) b[0] = (b[0] as number) & 0xfe // half the cases get past the sign check
      expect(ourDecode(b)).toBe(nobleDecode(b))
    }),
    { numRuns: 1000 },
  )
})

test('decode rejects non-canonical, negative and adversarial encodings exactly as noble', () => {
  const cases: Uint8Array[] = []
  for (const v of [P_BIG, P_BIG + 1n, P_BIG + 2n, 2n ** 255n - 1n, 2n ** 255n - 2n, P_BIG - 1n]) {
    cases.push(le(v))
  }
  for (const v of [1n, 3n, 2n, 4n, 0n]) {
    cases.push(le(v))
    const top = le(v)
    top[31] = (top[31] as number) | 0x80 // bit 255 set
    cases.push(top)
  }
  for (const hex of MULTIPLES) {
    const b = hexToBytes(hex)
    const flipped = b.slice()
    flipped[31] = (flipped[31] as number) | 0x80
    cases.push(flipped)
    const plusP = le((BigInt(`0x${bytesToHex(b.slice().reverse())}`) + P_BIG) % 2n ** 256n)
    cases.push(plusP)
    const odd = b.slice()
    odd[0] = (odd[0] as number) ^ 1
    cases.push(odd)
  }
  let rejected = 0
  for (const b of cases) {
    const want = nobleDecode(b)
    expect(ourDecode(b), bytesToHex(b)).toBe(want)
    if (want.startsWith('invalid')) rejected++
  }
  expect(rejected).toBeGreaterThan(cases.length / 2)
  expect(nobleDecode(le(P_BIG))).toBe('invalid ristretto255 encoding 1')
  expect(() => decode(new Uint8Array(31))).toThrow('expected 32 bytes')
})

test('encodeDoubled equals encode(2P) for every representative, identity included', () => {
  fc.assert(
    fc.property(fc.array(noblePoint, { maxLength: 6 }), fc.nat(3), fc.bigInt(), (ps, tor, lam) => {
      const pts = ps.map((P, i) => (i % 2 ? fromNoble(P) : otherRepresentative(P, tor, lam)))
      pts.splice(ps.length >>> 1, 0, newPoint(), otherRepresentative(NP.ZERO, tor, lam))
      const want = [...ps.slice(0, ps.length >>> 1), NP.ZERO, NP.ZERO, ...ps.slice(ps.length >>> 1)]
      const got = encodeDoubled(pts)
      expect(got.length).toBe(32 * want.length)
      want.forEach((P, i) => {
        expect(got.subarray(32 * i, 32 * i + 32)).toEqual(P.double().toBytes())
      })
    }),
    { numRuns: 100 },
  )
  expect(encodeDoubled([])).toEqual(new Uint8Array(0))
})
