import { expect, test } from 'vitest'
import { curveInfo } from './curve.ts'
import { decodeScalar, encodeScalar, invN, modN } from './scalars.ts'

const q = curveInfo('secp256k1').order
const l = curveInfo('ed25519').order

test('secp256k1 scalars are 32-byte big-endian and round-trip', () => {
  const bytes = encodeScalar('secp256k1', 258n)
  expect(bytes[31]).toBe(2)
  expect(bytes[30]).toBe(1)
  expect(decodeScalar('secp256k1', bytes, 's')).toBe(258n)
})

test('Ed25519 scalars are 32-byte little-endian and round-trip', () => {
  const bytes = encodeScalar('ed25519', 258n)
  expect(bytes[0]).toBe(2)
  expect(bytes[1]).toBe(1)
  expect(decodeScalar('ed25519', bytes, 's')).toBe(258n)
})

test('rejects the order, zero (unless allowed) and wrong lengths', () => {
  const qBytes = new Uint8Array(32)
  let v = q
  for (let i = 31; i >= 0; i--) {
    qBytes[i] = Number(v & 0xffn)
    v >>= 8n
  }
  expect(() => decodeScalar('secp256k1', qBytes, 'x')).toThrow(
    new RangeError('"x" is not a canonical scalar (≥ order)'),
  )
  expect(() => decodeScalar('secp256k1', new Uint8Array(32), 'x')).toThrow(
    new RangeError('"x" is zero'),
  )
  expect(decodeScalar('ed25519', new Uint8Array(32), 'x', { allowZero: true })).toBe(0n)
  expect(() => decodeScalar('secp256k1', new Uint8Array(31), 'x')).toThrow(
    new RangeError('"x" expected Uint8Array of length 32, got length=31'),
  )
  expect(() => decodeScalar('secp256k1', 'ab', 'x')).toThrow(TypeError)
})

test('inverse mod the order', () => {
  for (const [curve, n] of [
    ['secp256k1', q],
    ['ed25519', l],
  ] as const) {
    const a = n - 12345n
    expect(modN(curve, a * invN(curve, a))).toBe(1n)
  }
})
