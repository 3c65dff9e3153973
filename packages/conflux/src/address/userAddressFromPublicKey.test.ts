/**
 * docs/CHAINS.md#user-address-from-a-key: js-conflux-sdk's `privateKeyToAddress` as oracle over
 * random keys, every accepted key form, the Core/eSpace difference, and the exact errors.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import fc from 'fast-check'
import { bytesToHex } from 'viem'
import { publicKeyToAddress } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { sign as sdkSign } from '../test/sdk.ts'
import { userAddressFromPublicKey } from './userAddressFromPublicKey.ts'

const secretKeys = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .filter((key) => secp256k1.utils.isValidSecretKey(key))

describe('userAddressFromPublicKey', () => {
  test('agrees with js-conflux-sdk privateKeyToAddress for random keys, in every key form', () => {
    fc.assert(
      fc.property(secretKeys, (secret) => {
        const expected = bytesToHex(sdkSign.privateKeyToAddress(Buffer.from(secret)))
        const uncompressed = secp256k1.getPublicKey(secret, false)
        expect(userAddressFromPublicKey(uncompressed)).toBe(expected)
        expect(userAddressFromPublicKey(uncompressed.subarray(1))).toBe(expected)
        expect(userAddressFromPublicKey(secp256k1.getPublicKey(secret, true))).toBe(expected)
        expect(userAddressFromPublicKey(bytesToHex(uncompressed))).toBe(expected)
      }),
      { numRuns: 100 },
    )
  })

  test('the Core address is the eSpace (Ethereum) address with its first nibble forced to 1', () => {
    fc.assert(
      fc.property(secretKeys, (secret) => {
        const publicKey = bytesToHex(secp256k1.getPublicKey(secret, false))
        const eSpace = publicKeyToAddress(publicKey).toLowerCase()
        const core = userAddressFromPublicKey(publicKey)
        expect(core.slice(3)).toBe(eSpace.slice(3))
        expect(core[2]).toBe('1')
      }),
      { numRuns: 50 },
    )
  })

  test('a known key: the js-conflux-sdk documentation example', () => {
    const secret = Uint8Array.from([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0,
      1,
    ])
    expect(userAddressFromPublicKey(secp256k1.getPublicKey(secret))).toBe(
      '0x1db9e002856752288bef4760fa6794ec83a853b9',
    )
  })

  test('rejects wrong lengths, wrong types and points off the curve', () => {
    expect(() => userAddressFromPublicKey(new Uint8Array(32))).toThrow(
      new RangeError('"publicKey" expected 33, 64 or 65 bytes, got length=32'),
    )
    expect(() => userAddressFromPublicKey('0x04abc')).toThrow(
      new TypeError('"publicKey" expected a 0x-prefixed hex string of whole bytes'),
    )
    expect(() => userAddressFromPublicKey(7 as unknown as Uint8Array)).toThrow(
      new TypeError('"publicKey" expected Uint8Array, got type=number'),
    )
    const offCurve = new Uint8Array(65)
    offCurve[0] = 0x04
    offCurve[64] = 1
    expect(() => userAddressFromPublicKey(offCurve)).toThrow(
      new RangeError('"publicKey" is not a point on secp256k1'),
    )
  })
})
