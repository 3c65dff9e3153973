import fc from 'fast-check'
import {
  ChainDisconnectedError,
  InternalRpcError,
  InvalidParamsRpcError,
  ProviderDisconnectedError,
  ProviderRpcError,
  SwitchChainError,
  UnauthorizedProviderError,
  UnsupportedProviderMethodError,
  UserRejectedRequestError,
} from 'viem'
import { describe, expect, test } from 'vitest'
import { MessageValidationError } from '../jsonrpc/MessageValidationError.ts'
import { fromRpcErrorObject } from './fromRpcErrorObject.ts'
import { rpcErrorData } from './rpcErrorData.ts'
import { toRpcErrorObject } from './toRpcErrorObject.ts'

describe('fromRpcErrorObject', () => {
  test.each([
    [4001, UserRejectedRequestError],
    [4100, UnauthorizedProviderError],
    [4200, UnsupportedProviderMethodError],
    [4900, ProviderDisconnectedError],
    [4901, ChainDisconnectedError],
    [4902, SwitchChainError],
    [-32602, InvalidParamsRpcError],
    [-32603, InternalRpcError],
  ])("code %i becomes viem's %o with the peer sentence and data", (code, Class) => {
    const error = fromRpcErrorObject({ code, message: 'From the signer.', data: [1, 'two'] })
    expect(error).toBeInstanceOf(Class)
    expect(error.constructor).toBe(Class)
    expect(error.code).toBe(code)
    expect(error.details).toBe('From the signer.')
    expect(rpcErrorData(error)).toEqual([1, 'two'])
  })

  test("an empty sentence leaves viem's sentence alone", () => {
    const error = fromRpcErrorObject({ code: 4001, message: '' })
    expect(error.shortMessage).toBe('User rejected the request.')
    expect(error.details).toBeFalsy()
    expect(rpcErrorData(error)).toBeUndefined()
    expect(toRpcErrorObject(error)).toEqual({ code: 4001, message: 'User rejected the request.' })
  })

  test("an unknown code becomes viem's plain ProviderRpcError carrying the code", () => {
    const error = fromRpcErrorObject({ code: -32000, message: 'Server error.' })
    expect(error.constructor).toBe(ProviderRpcError)
    expect(error.name).toBe('ProviderRpcError')
    expect(error.code).toBe(-32000)
    expect(error.shortMessage).toBe('Server error.')
    expect(fromRpcErrorObject({ code: 5, message: '' }).shortMessage).toBe(
      'The wallet answered with error code 5.',
    )
  })

  test('property: toRpcErrorObject(fromRpcErrorObject(o)) gives o back for non-empty sentences', () => {
    const object = fc.record(
      {
        code: fc.oneof(
          fc.constantFrom(4001, 4100, 4200, 4900, 4901, 4902, -32602, -32603),
          fc.integer(),
        ),
        message: fc.string({ minLength: 1, maxLength: 1024 }),
        data: fc.jsonValue({ maxDepth: 4 }),
      },
      { requiredKeys: ['code', 'message'] },
    )
    fc.assert(
      fc.property(object, (o) => {
        // fast-check's JSON values include -0, which JSON itself cannot carry.
        const clean = JSON.parse(JSON.stringify(o)) as unknown
        // A "__proto__" key is refused on purpose (see parseSessionMessage.test.ts).
        fc.pre(!JSON.stringify(clean).includes('"__proto__"'))
        expect(toRpcErrorObject(fromRpcErrorObject(clean))).toEqual(clean)
      }),
    )
  })

  test.each([
    ['not an object', 'boom', '$', 'error must be an object'],
    ['an array', [4001, 'x'], '$', 'error must be an object'],
    [
      'an extra field',
      { code: 1, message: 'x', stack: 's' },
      '$',
      'error has a field other than code, message, data',
    ],
    ['a missing code', { message: 'x' }, '$.code', 'code must be a safe integer'],
    ['a string code', { code: '4001', message: 'x' }, '$.code', 'code must be a safe integer'],
    ['a fractional code', { code: 4001.5, message: 'x' }, '$.code', 'code must be a safe integer'],
    ['an unsafe code', { code: 2 ** 53, message: 'x' }, '$.code', 'code must be a safe integer'],
    [
      'a missing message',
      { code: 1 },
      '$.message',
      'message must be a string of at most 1024 characters',
    ],
    [
      'a long message',
      { code: 1, message: 'x'.repeat(1025) },
      '$.message',
      'message must be a string of at most 1024 characters',
    ],
  ])('refuses %s', (_label, value, path, sentence) => {
    const run = () => fromRpcErrorObject(value)
    expect(run).toThrow(MessageValidationError)
    expect(run).toThrow(
      expect.objectContaining({ code: 'BadError', path, shortMessage: `${path}: ${sentence}` }),
    )
  })

  test('refuses data that is not JSON', () => {
    expect(() => fromRpcErrorObject({ code: 1, message: 'x', data: 1n })).toThrow(
      expect.objectContaining({
        name: 'MessageValidationError',
        code: 'NotJsonValue',
        path: '$.data',
        shortMessage: '$.data: bigint is not JSON',
      }),
    )
  })
})
