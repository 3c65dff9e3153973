import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { base64ToBytes, bytesToBase64, bytesToBase64Url } from './base64.ts'

describe('base64 (RFC 4648)', () => {
  test('RFC 4648 §10 test vectors', () => {
    const vectors = ['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar']
    const expected = ['', 'Zg==', 'Zm8=', 'Zm9v', 'Zm9vYg==', 'Zm9vYmE=', 'Zm9vYmFy']
    for (const [i, text] of vectors.entries()) {
      const bytes = new TextEncoder().encode(text)
      expect(bytesToBase64(bytes)).toBe(expected[i])
      expect(base64ToBytes(expected[i] as string)).toEqual(bytes)
    }
  })

  test('property: agrees with Node Buffer both ways, url form without padding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const buffer = Buffer.from(bytes)
        expect(bytesToBase64(bytes)).toBe(buffer.toString('base64'))
        expect(bytesToBase64Url(bytes)).toBe(buffer.toString('base64url'))
        expect(base64ToBytes(buffer.toString('base64'))).toEqual(bytes)
      }),
    )
  })

  test.each([
    ['missing padding', 'Zg'],
    ['whitespace', 'Zm9v '],
    ['url alphabet', 'Zm9-'],
    ['non-zero trailing bits', 'Zh=='],
    ['padding in the middle', 'Zg==Zm9v'],
    ['non-ASCII', 'Zm9é'],
    ['too much padding', 'Z==='],
  ])('refuses %s', (_label, text) => {
    expect(base64ToBytes(text)).toBeUndefined()
  })
})
