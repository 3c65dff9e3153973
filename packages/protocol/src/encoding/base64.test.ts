import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { base64Length, base64ToBytes, bytesToBase64 } from './base64.ts'

const utf8 = (s: string) => new TextEncoder().encode(s)

describe('base64 (RFC 4648 §10 test vectors)', () => {
  test.each([
    ['', '', ''],
    ['f', 'Zg==', 'Zg'],
    ['fo', 'Zm8=', 'Zm8'],
    ['foo', 'Zm9v', 'Zm9v'],
    ['foob', 'Zm9vYg==', 'Zm9vYg'],
    ['fooba', 'Zm9vYmE=', 'Zm9vYmE'],
    ['foobar', 'Zm9vYmFy', 'Zm9vYmFy'],
  ])('%o ↔ %s / %s', (plain, standard, url) => {
    expect(bytesToBase64(utf8(plain), 'standard')).toBe(standard)
    expect(bytesToBase64(utf8(plain), 'url')).toBe(url)
    expect(base64ToBytes(standard, 'standard')).toEqual(utf8(plain))
    expect(base64ToBytes(url, 'url')).toEqual(utf8(plain))
    expect(base64Length(plain.length, 'standard')).toBe(standard.length)
    expect(base64Length(plain.length, 'url')).toBe(url.length)
  })

  test('the two alphabets differ in + / versus - _', () => {
    const bytes = new Uint8Array([0xfb, 0xff, 0xbf])
    expect(bytesToBase64(bytes, 'standard')).toBe('+/+/')
    expect(bytesToBase64(bytes, 'url')).toBe('-_-_')
    expect(base64ToBytes('-_-_', 'standard')).toBeUndefined()
    expect(base64ToBytes('+/+/', 'url')).toBeUndefined()
  })
})

describe('strict decoding refuses', () => {
  test.each([
    ['whitespace', 'Zm9v Yg==', 'standard'],
    ['a newline', 'Zm9v\nYmFy', 'standard'],
    ['missing padding', 'Zg', 'standard'],
    ['too much padding', 'Zg===', 'standard'],
    ['padding in the middle', 'Zg==Zm9v', 'standard'],
    ['padding in url form', 'Zg==', 'url'],
    ['non-zero trailing bits (Zh== also decodes to "f" in lax decoders)', 'Zh==', 'standard'],
    ['non-zero trailing bits, unpadded', 'Zh', 'url'],
    ['a lone sixth-bit character', 'Zm9vY', 'url'],
    ['non-ASCII', 'Zm9é', 'standard'],
  ] as const)('%s', (_label, text, variant) => {
    expect(base64ToBytes(text, variant)).toBeUndefined()
  })
})

test('property: decode(encode(x)) = x and the encoding is the only one accepted', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ maxLength: 64 }),
      fc.constantFrom('standard', 'url'),
      (bytes, variant) => {
        const text = bytesToBase64(bytes, variant)
        expect(text.length).toBe(base64Length(bytes.length, variant))
        expect(base64ToBytes(text, variant)).toEqual(bytes)
        expect(Buffer.from(bytes).toString(variant === 'standard' ? 'base64' : 'base64url')).toBe(
          text,
        )
      },
    ),
  )
})

test('property: whatever strict decoding accepts re-encodes to the same text', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^[A-Za-z0-9+/]{0,12}={0,2}$/), (text) => {
      const bytes = base64ToBytes(text, 'standard')
      if (bytes !== undefined) expect(bytesToBase64(bytes, 'standard')).toBe(text)
    }),
  )
})
