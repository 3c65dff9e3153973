import fc from 'fast-check'
import { expect, test } from 'vitest'
import { utf8Length } from './utf8Length.ts'

test('known lengths: ASCII 1, é 2, € 3, 😀 4, a lone surrogate 3 (U+FFFD)', () => {
  expect(utf8Length('')).toBe(0)
  expect(utf8Length('a')).toBe(1)
  expect(utf8Length('é')).toBe(2)
  expect(utf8Length('€')).toBe(3)
  expect(utf8Length('😀')).toBe(4)
  expect(utf8Length('\ud800')).toBe(3)
  expect(utf8Length('\udc00x')).toBe(4)
  expect(utf8Length('\ud800\ud800')).toBe(6)
})

test('property: equals the length TextEncoder produces, for any string', () => {
  const encoder = new TextEncoder()
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), (a, b) => {
      expect(utf8Length(a)).toBe(encoder.encode(a).length)
      expect(utf8Length(b)).toBe(encoder.encode(b).length)
    }),
  )
  // Lone and mismatched surrogates, which the arbitraries above rarely produce.
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0xd7f0, max: 0xe010 }), { maxLength: 8 }), (units) => {
      const text = String.fromCharCode(...units)
      expect(utf8Length(text)).toBe(encoder.encode(text).length)
    }),
  )
})
