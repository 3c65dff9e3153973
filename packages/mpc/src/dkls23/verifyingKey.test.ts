import { secp256k1 } from '@noble/curves/secp256k1.js'
import { describe, expect, test } from 'vitest'
import { encodePoint, msmUnsafe } from '../curve/index.ts'
import { verifyingKey } from './verifyingKey.ts'

const key = (k: bigint) => secp256k1.Point.BASE.multiply(k).toBytes(true)

describe('verifyingKey: PK′ decoded once, its table kept for recent keys', () => {
  test('the prepared key is the point it was made from, and a second use is the same table', () => {
    const bytes = key(7n)
    const first = verifyingKey(bytes)
    expect(encodePoint(first.point)).toEqual(bytes)
    expect(encodePoint(msmUnsafe([first], [3n]))).toEqual(key(21n))
    expect(verifyingKey(bytes.slice())).toBe(first)
  })

  test('the least recently used of more than 32 keys is dropped, a recently used one is kept', () => {
    const oldest = verifyingKey(key(1000n))
    const kept = verifyingKey(key(1001n))
    for (let k = 2000n; k < 2031n; k++) {
      verifyingKey(key(k))
      verifyingKey(key(1001n)) // keeps 1001 recent
    }
    expect(verifyingKey(key(1001n))).toBe(kept)
    expect(verifyingKey(key(1000n))).not.toBe(oldest)
  })

  test('bytes that are no point are refused with the decoder’s reason, and nothing is cached', () => {
    const bad = key(5n)
    bad[0] = 4
    expect(() => verifyingKey(bad)).toThrow(/prefix must be 0x02 or 0x03, got 0x04/)
    expect(() => verifyingKey(bad)).toThrow(RangeError)
  })
})
