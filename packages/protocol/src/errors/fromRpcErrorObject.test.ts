import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { MessageValidationError } from '../jsonrpc/MessageValidationError.ts'
import { fromRpcErrorObject } from './fromRpcErrorObject.ts'
import {
  ChainDisconnectedError,
  DisconnectedError,
  InternalRpcError,
  InvalidParamsError,
  ProviderRpcError,
  UnauthorizedError,
  UnrecognizedChainError,
  UnsupportedMethodError,
  UserRejectedRequestError,
} from './rpc.ts'
import { toRpcErrorObject } from './toRpcErrorObject.ts'

describe('fromRpcErrorObject', () => {
  test.each([
    [4001, UserRejectedRequestError],
    [4100, UnauthorizedError],
    [4200, UnsupportedMethodError],
    [4900, DisconnectedError],
    [4901, ChainDisconnectedError],
    [4902, UnrecognizedChainError],
    [-32602, InvalidParamsError],
    [-32603, InternalRpcError],
  ])('code %i becomes %o with the peer sentence and data', (code, Class) => {
    const error = fromRpcErrorObject({ code, message: 'From the signer.', data: [1, 'two'] })
    expect(error).toBeInstanceOf(Class)
    expect(error.constructor).toBe(Class)
    expect(error.code).toBe(code)
    expect(error.shortMessage).toBe('From the signer.')
    expect(error.data).toEqual([1, 'two'])
  })

  test('an empty sentence falls back to the class default', () => {
    const error = fromRpcErrorObject({ code: 4001, message: '' })
    expect(error.shortMessage).toBe('The user rejected the request.')
    expect(error.data).toBeUndefined()
  })

  test('an unknown code becomes a plain ProviderRpcError carrying the code', () => {
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
      expect.objectContaining({ reason: 'bad_error', path, shortMessage: `${path}: ${sentence}` }),
    )
  })

  test('refuses data that is not JSON', () => {
    expect(() => fromRpcErrorObject({ code: 1, message: 'x', data: 1n })).toThrow(
      expect.objectContaining({
        name: 'MessageValidationError',
        reason: 'not_json_value',
        path: '$.data',
        shortMessage: '$.data: bigint is not JSON',
      }),
    )
  })
})
