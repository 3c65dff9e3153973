import { randomBytes } from '@noble/hashes/utils.js'
import * as fc from 'fast-check'
import { expect, test } from 'vitest'
import { taggedHash } from '../hash/tagged.ts'
import { TAGS } from '../hash/tags.ts'
import { taggedHashBulk } from './sha256Bulk.ts'

test('equals taggedHash for every part length around the block boundaries', () => {
  for (let length = 0; length <= 200; length++) {
    const part = randomBytes(length)
    expect(taggedHashBulk(TAGS.voleTheta, part)).toEqual(taggedHash(TAGS.voleTheta, part))
  }
})

test('equals taggedHash at the sizes a signature hashes (u, t̂, ã, μ) and with no part', () => {
  for (const length of [8704, 10880, 4096, 39936, 49152, 13312, 16384]) {
    const sid = randomBytes(32)
    const part = randomBytes(length)
    expect(taggedHashBulk(TAGS.otExtChi, sid, part)).toEqual(taggedHash(TAGS.otExtChi, sid, part))
  }
  expect(taggedHashBulk(TAGS.voleMu)).toEqual(taggedHash(TAGS.voleMu))
})

test('equals taggedHash for any split of the input into parts', () => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 6 }), (parts) => {
      expect(taggedHashBulk(TAGS.otExtCheck, ...parts)).toEqual(
        taggedHash(TAGS.otExtCheck, ...parts),
      )
    }),
    { numRuns: 300 },
  )
})

test('a change of one byte changes the digest (the input is not truncated)', () => {
  const part = randomBytes(4096)
  const before = taggedHashBulk(TAGS.voleMu, part)
  part[4095] = (part[4095] as number) ^ 1
  expect(taggedHashBulk(TAGS.voleMu, part)).not.toEqual(before)
})

test('refuses a part that is not a Uint8Array, as taggedHash does', () => {
  const bad = [1, 2] as unknown as Uint8Array
  expect(() => taggedHashBulk(TAGS.voleMu, bad)).toThrow(
    new TypeError('hash part expected Uint8Array'),
  )
  expect(() => taggedHash(TAGS.voleMu, bad)).toThrow(new TypeError('hash part expected Uint8Array'))
})
