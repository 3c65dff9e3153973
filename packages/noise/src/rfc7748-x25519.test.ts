/**
 * Noise's DH `25519` (`DEFAULT_FUNCTIONS.dh['25519']`, noble-curves' x25519) against RFC 7748:
 * the known answers of §5.2 and §6.1, the masking of u's top bit, then the refusal of every
 * u whose order divides the cofactor (the DH output would be all-zero, Noise §12.1) with the
 * exact NoiseError.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { describe, expect, test } from 'vitest'
import { NoiseError } from './errors.ts'
import { DEFAULT_FUNCTIONS, type DhFunction } from './primitives.ts'

const x25519 = DEFAULT_FUNCTIONS.dh['25519'] as DhFunction
const P = 2n ** 255n - 19n
/** A u-coordinate as 32 little-endian bytes (RFC 7748 §5 encodeUCoordinate, without reduction). */
const le = (n: bigint): Uint8Array => {
  const out = new Uint8Array(32)
  for (let i = 0; i < 32; i++) out[i] = Number((n >> BigInt(8 * i)) & 255n)
  return out
}
const publicKeyOf = (privateKey: Uint8Array): Uint8Array =>
  x25519.generateKeyPair(() => privateKey).publicKey

describe('DH 25519 (RFC 7748)', () => {
  test('is X25519 with 32-byte keys', () => {
    expect(x25519.name).toBe('25519')
    expect(x25519.length).toBe(32)
  })

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
    expect(bytesToHex(x25519.dh(hexToBytes(k), hexToBytes(u)))).toBe(out)
  })

  test('§5.2 iterated: 1 and 1,000 iterations', () => {
    let k = le(9n)
    let u = le(9n)
    for (let i = 1; i <= 1000; i++) {
      ;[k, u] = [x25519.dh(k, u), k]
      if (i === 1) {
        expect(bytesToHex(k)).toBe(
          '422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079',
        )
      }
    }
    expect(bytesToHex(k)).toBe('684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51')
  })

  test('§6.1 Diffie-Hellman: key pairs and the shared secret', () => {
    const alice = hexToBytes('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a')
    const bob = hexToBytes('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb')
    const alicePublic = publicKeyOf(alice)
    const bobPublic = publicKeyOf(bob)
    expect(bytesToHex(alicePublic)).toBe(
      '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a',
    )
    expect(bytesToHex(bobPublic)).toBe(
      'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f',
    )
    const shared = '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742'
    expect(bytesToHex(x25519.dh(alice, bobPublic))).toBe(shared)
    expect(bytesToHex(x25519.dh(bob, alicePublic))).toBe(shared)
  })

  test('generateKeyPair draws DHLEN random bytes and keeps them as the private key', () => {
    const lengths: number[] = []
    const pair = x25519.generateKeyPair((length) => {
      lengths.push(length)
      return new Uint8Array(length).fill(7)
    })
    expect(lengths).toEqual([32])
    expect(pair.privateKey).toEqual(new Uint8Array(32).fill(7))
    expect(pair.publicKey).toHaveLength(32)
  })

  test("§5: u's top bit is masked", () => {
    const secret = new Uint8Array(32).fill(3)
    const u = le(5n)
    const topBit = le(5n)
    topBit[31] = (topBit[31] as number) | 128
    expect(x25519.dh(secret, topBit)).toEqual(x25519.dh(secret, u))
  })

  // Every u of order dividing 8 (https://cr.yp.to/ecdh.html#validate), and p, p + 1: the
  // non-canonical encodings of 0 and 1.
  const lowOrder = [
    0n,
    1n,
    P - 1n,
    325606250916557431795983626356110631294008115727848805560023387167927233504n,
    39382357235489614581723060781553021112529911719440698176882885853963445705823n,
    P,
    P + 1n,
  ]
  test.each(lowOrder.map((u) => [u.toString(16), u] as const))(
    'refuses the low-order u 0x%s with InvalidPublicKey',
    (_, u) => {
      const secret = new Uint8Array(32).fill(5)
      let thrown: unknown
      try {
        x25519.dh(secret, le(u))
      } catch (error) {
        thrown = error
      }
      expect(thrown).toBeInstanceOf(NoiseError)
      expect(thrown).toMatchObject({
        code: 'InvalidPublicKey',
        message: 'remote public key is zero or of low order',
      })
      expect((thrown as NoiseError).cause).toBeInstanceOf(Error)
    },
  )

  test('does not change its inputs', () => {
    const secret = new Uint8Array(32).fill(255)
    const u = new Uint8Array(32).fill(255)
    x25519.dh(secret, u)
    expect(secret).toEqual(new Uint8Array(32).fill(255))
    expect(u).toEqual(new Uint8Array(32).fill(255))
  })
})
