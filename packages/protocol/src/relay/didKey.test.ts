/**
 * did:key for Ed25519 (multicodec 0xed01, multibase z = base58btc): known answers, round trip,
 * and each way a DID can be wrong.
 */
import { base58 } from '@scure/base'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { decodeDidKey, encodeDidKey } from './didKey.ts'

describe('did:key (RELAY.md "Connection and auth")', () => {
  test('did:key of the all-zero key starts with the ed25519 multibase prefix z6Mk', () => {
    expect(encodeDidKey(new Uint8Array(32))).toBe(
      'did:key:z6MkeTG3bFFSLYVU7VqhgZxqr6YzpaGrQtFMh1uvqGy1vDnP',
    )
    expect(decodeDidKey('did:key:z6MkeTG3bFFSLYVU7VqhgZxqr6YzpaGrQtFMh1uvqGy1vDnP')).toEqual(
      new Uint8Array(32),
    )
  })

  test('property: decode(encode(key)) = key', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (key) => {
        const did = encodeDidKey(key)
        expect(did.startsWith('did:key:z6Mk')).toBe(true)
        expect(decodeDidKey(did)).toEqual(key)
      }),
    )
  })

  test('refuses a key that is not 32 bytes', () => {
    expect(() => encodeDidKey(new Uint8Array(31))).toThrow(
      new RangeError('"publicKey" expected Uint8Array of length 32, got length=31'),
    )
    expect(() => encodeDidKey('00' as unknown as Uint8Array)).toThrow(
      new TypeError('"publicKey" expected Uint8Array, got type=string'),
    )
  })

  test.each([
    [
      'another method',
      'did:web:example',
      new TypeError('did:key expected to start with "did:key:z"'),
    ],
    [
      'a character outside base58btc',
      'did:key:z6Mk0OIl',
      new TypeError('did:key has a character outside the base58btc alphabet'),
    ],
    [
      'a truncated key',
      encodeDidKey(new Uint8Array(32)).slice(0, -3),
      new RangeError('did:key expected 34 decoded bytes, got length=32'),
    ],
    [
      'an over-long text, before decoding it',
      `did:key:z${'1'.repeat(65)}`,
      new RangeError('did:key expected at most 64 base58 chars, got 65'),
    ],
    [
      'an X25519 key (multicodec 0xec01)',
      `did:key:z${base58.encode(Uint8Array.from([0xec, 0x01, ...new Uint8Array(32)]))}`,
      new TypeError('did:key is not an Ed25519 key (multicodec 0xed01)'),
    ],
  ])('refuses %s', (_label, did, error) => {
    expect(() => decodeDidKey(did)).toThrow(error)
  })
})
