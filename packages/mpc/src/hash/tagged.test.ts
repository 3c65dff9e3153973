import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { expect, test } from 'vitest'
import { taggedHash } from './tagged.ts'
import { TAGS } from './tags.ts'

test('length prefixes separate ["ab","c"] from ["a","bc"]', () => {
  const a = taggedHash(TAGS.sid, utf8ToBytes('ab'), utf8ToBytes('c'))
  const b = taggedHash(TAGS.sid, utf8ToBytes('a'), utf8ToBytes('bc'))
  expect(bytesToHex(a)).not.toBe(bytesToHex(b))
})

test('the tag separates domains', () => {
  const part = utf8ToBytes('same')
  expect(bytesToHex(taggedHash(TAGS.sid, part))).not.toBe(bytesToHex(taggedHash(TAGS.echo, part)))
})

test('rejects parts that are not bytes', () => {
  expect(() => taggedHash(TAGS.sid, 'x' as unknown as Uint8Array)).toThrow(
    new TypeError('hash part expected Uint8Array'),
  )
})
