/** The vault's bytes form of mpc's StoredKey: round trips and refuses malformed input. */
import { randomBytes } from '@noble/hashes/utils.js'
import { expect, test } from 'vitest'
import { decodeStoredKey, encodeStoredKey } from './recordCodec.ts'

test('every field round-trips', () => {
  const record = {
    share: randomBytes(90),
    pending: { share: randomBytes(90), ack: randomBytes(32), sid: randomBytes(32) },
    pairs: { 2: randomBytes(300), 3: randomBytes(5) },
    presignatures: { ['ab'.repeat(32)]: randomBytes(100), ['cd'.repeat(32)]: randomBytes(1) },
  }
  expect(decodeStoredKey(encodeStoredKey(record))).toEqual(record)
  const bare = { share: randomBytes(10) }
  expect(decodeStoredKey(encodeStoredKey(bare))).toEqual(bare)
})

test('truncated, extended or foreign bytes are refused', () => {
  const bytes = encodeStoredKey({ share: randomBytes(10), pairs: { 2: randomBytes(4) } })
  expect(() => decodeStoredKey(bytes.subarray(0, bytes.length - 1))).toThrow(
    'vault record truncated',
  )
  expect(() => decodeStoredKey(new Uint8Array([...bytes, 0]))).toThrow(
    'vault record has trailing bytes',
  )
  expect(() => decodeStoredKey(new Uint8Array([2, ...bytes.subarray(1)]))).toThrow(
    'vault record has an unknown version',
  )
})
