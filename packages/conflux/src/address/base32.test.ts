/**
 * CIP-37 §Example, step by step: the 5-bit regrouping and the checksum value the spec prints.
 */
import { expect, test } from 'vitest'
import {
  bytesToSymbols,
  checksumSymbols,
  polyMod,
  symbolsToBytes,
  symbolsToString,
} from './base32.ts'

// Transcribed from specs/cip-37.md §Example (steps 3 and 4).
const payload = Uint8Array.from([
  0x00, 0x1a, 0x2f, 0x80, 0x34, 0x14, 0x09, 0x63, 0x9e, 0xa6, 0xa3, 0x5b, 0xbc, 0xab, 0x82, 0x99,
  0x06, 0x61, 0x09, 0xaa, 0x55,
])
const fiveBit = [
  0x00, 0x00, 0x0d, 0x02, 0x1f, 0x00, 0x01, 0x14, 0x02, 0x10, 0x04, 0x16, 0x07, 0x07, 0x15, 0x06,
  0x14, 0x0d, 0x0d, 0x1b, 0x19, 0x0a, 0x1c, 0x02, 0x13, 0x04, 0x03, 0x06, 0x02, 0x02, 0x0d, 0x0a,
  0x0a, 0x14,
]

test('§Example step 3: 5-bit parts and base32 string', () => {
  expect(bytesToSymbols(payload)).toEqual(fiveBit)
  expect(symbolsToString(fiveBit)).toBe('aarc9abycue0hhzgyrr53m6cxedgccrmmy')
  expect(symbolsToBytes(fiveBit)).toEqual(payload)
})

test('§Example step 4: checksum output 688543492710, string "ybjgh4xg"', () => {
  expect(polyMod([0x03, 0x06, 0x18, 0x00, ...fiveBit, 0, 0, 0, 0, 0, 0, 0, 0])).toBe(688543492710n)
  expect(symbolsToString(checksumSymbols('cfx', fiveBit))).toBe('ybjgh4xg')
})

test('non-zero padding bits are refused', () => {
  const padded = [...fiveBit]
  padded[33] = 0x15
  expect(symbolsToBytes(padded)).toBeUndefined()
})
