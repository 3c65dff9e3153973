import { ed25519 } from '@noble/curves/ed25519.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { expect, test } from 'vitest'
import {
  decodePoint,
  encodePoint,
  explicitIdentity,
  isExplicitIdentity,
  mulBase,
} from './points.ts'

test('secp256k1 points round-trip as 33-byte compressed', () => {
  const p = mulBase('secp256k1', 7n)
  const bytes = encodePoint('secp256k1', p)
  expect(bytes.length).toBe(33)
  expect(decodePoint('secp256k1', bytes, 'P').equals(p)).toBe(true)
})

test('secp256k1 rejects identity, uncompressed and off-curve encodings', () => {
  expect(() => decodePoint('secp256k1', new Uint8Array(33), 'P')).toThrow(
    new RangeError('"P" is not a valid secp256k1 point'),
  )
  const offCurve = new Uint8Array(33)
  offCurve[0] = 2
  offCurve[32] = 5 // x = 5: x^3 + 7 = 132 is not a square mod p
  expect(() => decodePoint('secp256k1', offCurve, 'P')).toThrow(
    new RangeError('"P" is not a valid secp256k1 point'),
  )
  const uncompressed = secp256k1.Point.BASE.toBytes(false)
  expect(() => decodePoint('secp256k1', uncompressed, 'P')).toThrow(RangeError)
})

test('Ed25519 rejects the identity and small-order (torsion) points', () => {
  expect(() => decodePoint('ed25519', ed25519.Point.ZERO.toBytes(), 'A')).toThrow(
    new RangeError('"A" is the identity'),
  )
  // A point of order 2: (0, -1).
  const order2 = new Uint8Array(32).fill(0xff)
  order2[0] = 0xec
  order2[31] = 0x7f
  expect(() => decodePoint('ed25519', order2, 'A')).toThrow(
    new RangeError('"A" is not a valid ed25519 point'),
  )
  const p = mulBase('ed25519', 9n)
  expect(decodePoint('ed25519', encodePoint('ed25519', p), 'A').equals(p)).toBe(true)
})

test('the explicit identity encoding is recognised only as such', () => {
  expect(isExplicitIdentity('secp256k1', explicitIdentity('secp256k1'))).toBe(true)
  expect(isExplicitIdentity('ed25519', encodePoint('ed25519', mulBase('ed25519', 1n)))).toBe(false)
})
