/**
 * `personal_sign` hashing for Conflux against js-conflux-sdk's `PersonalMessage` (what Fluent
 * signs with): text, hex, odd-length hex, non-UTF-8 bytes, a BOM, lone surrogates; signatures
 * made with noble recover through js-conflux-sdk. And CIP-23's exact bytestring encoding, which
 * differs from the wallet treatment exactly for non-UTF-8 hex input.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { keccak_256 } from '@noble/hashes/sha3.js'
import fc from 'fast-check'
import { bytesToHex, hexToBytes, stringToBytes } from 'viem'
import { describe, expect, test } from 'vitest'
import { PersonalMessage } from '../test/sdk.ts'
import { hashConfluxMessage } from './hashConfluxMessage.ts'
import { hashPersonalSignMessage } from './hashPersonalSignMessage.ts'

const sdkHash = (message: string): string => PersonalMessage.personalHash(message)

describe('hashPersonalSignMessage matches js-conflux-sdk PersonalMessage.personalHash', () => {
  test.each([
    'Hello world!',
    '',
    '0x',
    '0x68656c6c6f',
    '0x68656C6C6F',
    '0x123',
    '0xff',
    '0xc0af',
    '0xeda080',
    '0xefbbbf68',
    '0xf4908080',
    '0x00',
    '0xzz',
    '0X68',
    '\ud800 lone surrogate',
    '中文 🥰',
  ])('%j', (message) => {
    expect(hashPersonalSignMessage(message)).toBe(sdkHash(message))
  })

  test('random text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (message) => {
        expect(hashPersonalSignMessage(message)).toBe(sdkHash(message))
      }),
      { numRuns: 300 },
    )
  })

  test('random bytes as hex, valid UTF-8 or not, either case', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.boolean(), (bytes, upper) => {
        const hex = bytesToHex(bytes)
        const message = upper ? `0x${hex.slice(2).toUpperCase()}` : hex
        expect(hashPersonalSignMessage(message)).toBe(sdkHash(message))
      }),
      { numRuns: 500 },
    )
  })

  test('a noble signature over our hash recovers through js-conflux-sdk', () => {
    const secret = keccak_256(stringToBytes('personal_sign test key'))
    for (const message of ['Hello world!', '0xff00fe', '0x68656c6c6f']) {
      const hash = hexToBytes(hashPersonalSignMessage(message))
      const signature = secp256k1.sign(hash, secret, { prehash: false, format: 'recovered' })
      // noble's recovered format is recovery ‖ r ‖ s; Conflux's is r ‖ s ‖ v with v ∈ {0, 1}.
      const rsv = bytesToHex(Uint8Array.of(...signature.subarray(1), signature[0] as number))
      expect(PersonalMessage.recover(rsv, message)).toBe(
        bytesToHex(secp256k1.getPublicKey(secret, false).subarray(1)),
      )
    }
  })

  test('rejects a non-string', () => {
    expect(() => hashPersonalSignMessage(new Uint8Array(1) as unknown as string)).toThrow(
      new TypeError('"message" expected a string, got object'),
    )
  })
})

describe('hashConfluxMessage (CIP-23 bytestring encoding)', () => {
  const prefixed = (body: Uint8Array): string =>
    bytesToHex(
      keccak_256(
        Uint8Array.from([...stringToBytes(`\x19Conflux Signed Message:\n${body.length}`), ...body]),
      ),
    )

  test('raw bytes are hashed as given; a string as its UTF-8', () => {
    expect(hashConfluxMessage({ raw: '0xff00' })).toBe(prefixed(Uint8Array.of(0xff, 0)))
    expect(hashConfluxMessage({ raw: Uint8Array.of(0xff, 0) })).toBe(
      prefixed(Uint8Array.of(0xff, 0)),
    )
    expect(hashConfluxMessage('中文')).toBe(prefixed(stringToBytes('中文')))
    expect(hashConfluxMessage('0xff')).toBe(prefixed(stringToBytes('0xff')))
  })

  test('equals the wallet treatment for valid UTF-8, differs for non-UTF-8 bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        const hex = bytesToHex(stringToBytes(text))
        expect(hashConfluxMessage({ raw: hex })).toBe(hashPersonalSignMessage(hex))
      }),
    )
    expect(hashConfluxMessage({ raw: '0xff' })).not.toBe(hashPersonalSignMessage('0xff'))
    // What the wallet hashes for 0xff: U+FFFD (EF BF BD) with the length of the original byte.
    expect(hashPersonalSignMessage('0xff')).toBe(
      bytesToHex(
        keccak_256(
          Uint8Array.from([...stringToBytes('\x19Conflux Signed Message:\n1'), 0xef, 0xbf, 0xbd]),
        ),
      ),
    )
  })

  test('rejects bad input with the exact error', () => {
    expect(() => hashConfluxMessage({ raw: '0x123' })).toThrow(
      new TypeError('"message.raw" expected a 0x-prefixed hex string of whole bytes'),
    )
    expect(() => hashConfluxMessage(5 as unknown as string)).toThrow(
      new TypeError('"message" expected a string or { raw }, got number'),
    )
  })
})
