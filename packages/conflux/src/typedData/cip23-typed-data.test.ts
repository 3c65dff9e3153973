/**
 * CIP-23 typed data: the specification's test hash and test signature (specs/cip-23.md "Test
 * Cases", reproduced with viem's hashStruct and noble secp256k1), then the validation rules, each
 * with its exact error.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { bytesToHex, hexToBytes } from 'viem'
import { describe, expect, test } from 'vitest'
import { encodeBase32Address } from '../address/encodeBase32Address.ts'
import { cip23TestCase, cip23TestCaseBlock } from '../test/specs.ts'
import { hashCip23TypedData } from './hashCip23TypedData.ts'
import { InvalidTypedDataError } from './InvalidTypedDataError.ts'
import { normalizeCip23TypedData } from './normalizeCip23TypedData.ts'
import type { Cip23TypedData } from './types.ts'

const vector = cip23TestCase()
const mail = vector.typedData as Cip23TypedData

describe('CIP-23 "Test Cases"', () => {
  test('the parsed JSON example is the data of the test case', () => {
    const block = cip23TestCaseBlock()
    for (const text of [
      'Ether Mail',
      'Hello, Bob!',
      String(mail.domain.verifyingContract),
      'cfx:aaswytp9wshbhxpyt5afztd9664r9ds2e2rsm7fx6n',
      'cfx:aar51s751s751s751s751s751s751s751ptsbxh948',
    ]) {
      expect(block).toContain(`"${text}"`)
    }
    expect(block).toContain('chainId: 1n')
    expect(mail.domain.chainId).toBe(1)
  })

  test(`hash is ${vector.hash}`, () => {
    expect(hashCip23TypedData(mail)).toBe(vector.hash)
  })

  test('the signature with the test key is the published r ‖ s ‖ v (v ∈ {0, 1})', () => {
    const hash = hexToBytes(hashCip23TypedData(mail))
    const signature = secp256k1.sign(hash, hexToBytes(vector.privateKey as `0x${string}`), {
      prehash: false,
      format: 'recovered',
    })
    const rsv = Uint8Array.of(...signature.subarray(1), signature[0] as number)
    expect(bytesToHex(rsv)).toBe(vector.signature)
  })

  test('integers as decimal or hex strings and bigint hash alike; base32 upper case too', () => {
    const variants = ['1', '0x1', 1n].map((chainId) => ({
      ...mail,
      domain: { ...mail.domain, chainId },
    }))
    for (const variant of variants) expect(hashCip23TypedData(variant)).toBe(vector.hash)
    const upper = {
      ...mail,
      domain: {
        ...mail.domain,
        verifyingContract: String(mail.domain.verifyingContract).toUpperCase(),
      },
    }
    expect(hashCip23TypedData(upper)).toBe(vector.hash)
  })

  test('an address on another network prefix hashes alike (CIP-23 hashes the hex)', () => {
    const contract = '0x8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e'
    const variant = {
      ...mail,
      domain: { ...mail.domain, verifyingContract: encodeBase32Address(contract, 1) },
    }
    const normalized = normalizeCip23TypedData(variant)
    expect(normalized.domain.verifyingContract).toBe(contract)
  })

  test('a normalized value is hashed as is; a forged "normalized" flag is not trusted', () => {
    const normalized = normalizeCip23TypedData(mail)
    expect(hashCip23TypedData(normalized)).toBe(vector.hash)
    const forged = { ...mail, domain: { ...mail.domain, chainId: 'x' }, normalized: true }
    expect(() => hashCip23TypedData(forged as unknown as Cip23TypedData)).toThrow(
      InvalidTypedDataError,
    )
  })
})

function expectTypedDataError(data: unknown, path: string, message: string): void {
  let caught: unknown
  try {
    normalizeCip23TypedData(data)
  } catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(InvalidTypedDataError)
  expect((caught as InvalidTypedDataError).path).toBe(path)
  expect((caught as InvalidTypedDataError).shortMessage).toBe(`${path}: ${message}`)
}

const clone = (): Cip23TypedData => JSON.parse(JSON.stringify(mail)) as Cip23TypedData

describe('validation', () => {
  test('not an object', () => {
    expectTypedDataError('{}', '$', 'must be an object (string given)')
    expectTypedDataError({ ...mail, types: [] }, 'types', 'must be an object (array given)')
  })

  test('CIP23Domain is required, EIP712Domain does not replace it', () => {
    const data = clone()
    data.types = { EIP712Domain: data.types.CIP23Domain ?? [], ...data.types }
    delete data.types.CIP23Domain
    expectTypedDataError(data, 'types.CIP23Domain', 'is required by CIP-23')
  })

  test('chainId is required in the domain type and the domain', () => {
    const noField = clone()
    noField.types.CIP23Domain = (noField.types.CIP23Domain ?? []).filter(
      (f) => f.name !== 'chainId',
    )
    expectTypedDataError(noField, 'types.CIP23Domain', 'must contain chainId (CIP-23)')
    const noValue = clone()
    delete noValue.domain.chainId
    expectTypedDataError(noValue, 'domain.chainId', 'is required by CIP-23')
    const wrongType = clone()
    wrongType.types.CIP23Domain = (wrongType.types.CIP23Domain ?? []).map((f) =>
      f.name === 'chainId' ? { ...f, type: 'uint64' } : f,
    )
    expectTypedDataError(wrongType, 'types.CIP23Domain.chainId', 'must have type uint256')
  })

  test('hex addresses are refused: CIP-23 wants base32', () => {
    const data = clone()
    ;(data.message.from as Record<string, unknown>).wallet =
      '0x1a2f80341409639ea6a35bbcab8299066109aa55'
    expectTypedDataError(
      data,
      'message.from.wallet',
      'must be a CIP-37 base32 address, not hex (CIP-23 §Summary)',
    )
  })

  test('a base32 address with a bad checksum is refused, with the address error as cause', () => {
    const data = clone()
    ;(data.message.to as Record<string, unknown>).wallet =
      'cfx:aar51s751s751s751s751s751s751s751ptsbxh949'
    expectTypedDataError(data, 'message.to.wallet', 'is not a valid CIP-37 base32 address')
  })

  test('unknown primaryType, unknown field type, missing field', () => {
    expectTypedDataError(
      { ...mail, primaryType: 'Letter' },
      'primaryType',
      'must name a struct declared in types',
    )
    const badType = clone()
    badType.types.Person = [{ name: 'name', type: 'uint7' }]
    expectTypedDataError(
      badType,
      'types.Person[0].type',
      'is not a CIP-23 type or a declared struct',
    )
    const missing = clone()
    delete (missing.message.from as Record<string, unknown>).name
    expectTypedDataError(missing, 'message.from.name', 'is missing (declared as string)')
  })

  test('integers: range, form and safety', () => {
    const withAmount = (amount: unknown, type = 'uint8'): unknown => ({
      types: { CIP23Domain: [{ name: 'chainId', type: 'uint256' }], T: [{ name: 'a', type }] },
      primaryType: 'T',
      domain: { chainId: 1 },
      message: { a: amount },
    })
    expect(normalizeCip23TypedData(withAmount(255)).message.a).toBe(255n)
    expect(normalizeCip23TypedData(withAmount(-128, 'int8')).message.a).toBe(-128n)
    expectTypedDataError(withAmount(256), 'message.a', 'is out of range for uint8')
    expectTypedDataError(withAmount(-1), 'message.a', 'is out of range for uint8')
    expectTypedDataError(withAmount(-129, 'int8'), 'message.a', 'is out of range for int8')
    expectTypedDataError(withAmount(1.5), 'message.a', 'must be a safe integer, or a string')
    expectTypedDataError(withAmount('01'), 'message.a', 'must be an integer (string given)')
    expectTypedDataError(withAmount(true), 'message.a', 'must be an integer (boolean given)')
  })

  test('bytes, bool, arrays', () => {
    const of = (type: string, value: unknown): unknown => ({
      types: { CIP23Domain: [{ name: 'chainId', type: 'uint256' }], T: [{ name: 'v', type }] },
      primaryType: 'T',
      domain: { chainId: 1 },
      message: { v: value },
    })
    expect(normalizeCip23TypedData(of('bytes2', '0xABCD')).message.v).toBe('0xabcd')
    expectTypedDataError(of('bytes2', '0xabcdef'), 'message.v', 'must be exactly 2 bytes, is 3')
    expectTypedDataError(
      of('bytes', '0xabc'),
      'message.v',
      'must be a 0x-prefixed hex string of whole bytes',
    )
    expectTypedDataError(of('bool', 'true'), 'message.v', 'must be true or false')
    expectTypedDataError(of('uint8[2]', [1]), 'message.v', 'must have 2 elements, has 1')
    expectTypedDataError(of('uint8[]', { 0: 1 }), 'message.v', 'must be an array (uint8[])')
    expectTypedDataError(of('uint8[]', [1, 300]), 'message.v[1]', 'is out of range for uint8')
  })

  test('repeated field names and non-identifier names', () => {
    const repeated = clone()
    repeated.types.Person = [
      { name: 'name', type: 'string' },
      { name: 'name', type: 'string' },
    ]
    expectTypedDataError(repeated, 'types.Person[1].name', 'repeats a field name')
    const badName = clone()
    badName.types.Person = [{ name: 'na me', type: 'string' }]
    expectTypedDataError(badName, 'types.Person[0].name', 'must be an identifier')
  })

  test('a self-referencing struct deeper than 32 levels is refused', () => {
    type Node = { next: Node[] }
    let node: Node = { next: [] }
    for (let i = 0; i < 40; i++) node = { next: [node] }
    const data = {
      types: {
        CIP23Domain: [{ name: 'chainId', type: 'uint256' }],
        Node: [{ name: 'next', type: 'Node[]' }],
      },
      primaryType: 'Node',
      domain: { chainId: 1 },
      message: node,
    }
    let caught: unknown
    try {
      normalizeCip23TypedData(data)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(InvalidTypedDataError)
    expect((caught as InvalidTypedDataError).shortMessage).toMatch(/: nests deeper than 32 levels$/)
  })
})
