/**
 * RFC 7748 X25519 known answers (§5.2, §6.1), then agreement with noble-curves' `x25519` on
 * random inputs, then the refusals: every low-order u (also non-canonically encoded), bad lengths.
 */
import { x25519 as nobleX25519 } from '@noble/curves/ed25519.js'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { x25519 } from './x25519.ts'

const P = 2n ** 255n - 19n
const le = (n: bigint): Uint8Array => {
  const out = new Uint8Array(32)
  for (let i = 0; i < 32; i++) out[i] = Number((n >> BigInt(8 * i)) & 255n)
  return out
}
const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 })

describe('X25519 (RFC 7748)', () => {
  test.each([
    [
      'a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4',
      'e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c',
      'c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552',
    ],
    [
      '4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d',
      'e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493',
      '95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957',
    ],
  ])('§5.2 vector: k=%s', (k, u, out) => {
    expect(bytesToHex(x25519.getSharedSecret(hexToBytes(k), hexToBytes(u)))).toBe(out)
  })

  test('§5.2 iterated: 1 and 1,000 iterations', () => {
    let k = le(9n)
    let u = le(9n)
    for (let i = 1; i <= 1000; i++) {
      ;[k, u] = [x25519.getSharedSecret(k, u), k]
      if (i === 1) {
        expect(bytesToHex(k)).toBe(
          '422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079',
        )
      }
    }
    expect(bytesToHex(k)).toBe('684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51')
  })

  test('§6.1 Diffie-Hellman: public keys and the shared secret', () => {
    const alice = hexToBytes('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a')
    const bob = hexToBytes('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb')
    const alicePublic = x25519.getPublicKey(alice)
    const bobPublic = x25519.getPublicKey(bob)
    expect(bytesToHex(alicePublic)).toBe(
      '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a',
    )
    expect(bytesToHex(bobPublic)).toBe(
      'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f',
    )
    const shared = '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742'
    expect(bytesToHex(x25519.getSharedSecret(alice, bobPublic))).toBe(shared)
    expect(bytesToHex(x25519.getSharedSecret(bob, alicePublic))).toBe(shared)
  })

  test("agrees with noble-curves' x25519 on random keys and random u", () => {
    fc.assert(
      fc.property(bytes32, bytes32, (secret, u) => {
        expect(x25519.getPublicKey(secret)).toEqual(nobleX25519.getPublicKey(secret))
        let ours: Uint8Array | Error
        let theirs: Uint8Array | Error
        try {
          ours = x25519.getSharedSecret(secret, u)
        } catch (error) {
          ours = error as Error
        }
        try {
          theirs = nobleX25519.getSharedSecret(secret, u)
        } catch (error) {
          theirs = error as Error
        }
        expect(ours instanceof Error).toBe(theirs instanceof Error)
        if (!(ours instanceof Error)) expect(ours).toEqual(theirs)
      }),
      { numRuns: 200 },
    )
  })

  test('non-canonical u (≥ p, top bit set) is reduced and masked as the RFC requires', () => {
    const secret = new Uint8Array(32).fill(3)
    const u = 5n // p + 5 < 2^255: a non-canonical encoding of 5 without the top bit
    const expected = x25519.getSharedSecret(secret, le(u))
    expect(x25519.getSharedSecret(secret, le(u + P))).toEqual(expected)
    const topBit = le(u)
    topBit[31] = (topBit[31] as number) | 128
    expect(x25519.getSharedSecret(secret, topBit)).toEqual(expected)
    expect(nobleX25519.getSharedSecret(secret, topBit)).toEqual(expected)
  })

  const lowOrder = [
    0n,
    1n,
    P - 1n,
    325606250916557431795983626356110631294008115727848805560023387167927233504n,
    39382357235489614581723060781553021112529911719440698176882885853963445705823n,
  ]
  test.each([...lowOrder, P, P + 1n].map((u) => [u.toString(16), u] as const))(
    'refuses the low-order u 0x%s before the ladder',
    (_, u) => {
      const secret = new Uint8Array(32).fill(5)
      expect(() => x25519.getSharedSecret(secret, le(u))).toThrow(
        'invalid private or public key received',
      )
      expect(() => nobleX25519.getSharedSecret(secret, le(u))).toThrow()
    },
  )

  test('refuses keys of the wrong length or type', () => {
    expect(() => x25519.getPublicKey(new Uint8Array(31))).toThrow(
      new RangeError('"secretKey" expected Uint8Array of length 32, got length=31'),
    )
    expect(() => x25519.getSharedSecret(new Uint8Array(32), new Uint8Array(33))).toThrow(
      new RangeError('"publicKey" expected Uint8Array of length 32, got length=33'),
    )
    expect(() => x25519.getPublicKey([1, 2] as unknown as Uint8Array)).toThrow(
      new TypeError('"secretKey" expected Uint8Array, got object'),
    )
  })

  test('does not change its inputs', () => {
    const secret = new Uint8Array(32).fill(255)
    const u = new Uint8Array(32).fill(255)
    x25519.getSharedSecret(secret, u)
    expect(secret).toEqual(new Uint8Array(32).fill(255))
    expect(u).toEqual(new Uint8Array(32).fill(255))
  })
})
