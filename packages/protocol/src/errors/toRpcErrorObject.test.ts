import { describe, expect, test } from 'vitest'
import { BaseError } from './base.ts'
import {
  InvalidParamsError,
  ProviderRpcError,
  RpcTimeoutError,
  UserRejectedRequestError,
} from './rpc.ts'
import { toRpcErrorObject } from './toRpcErrorObject.ts'

const INTERNAL = { code: -32603, message: 'An internal error occurred in the wallet.' }

describe('toRpcErrorObject', () => {
  test('keeps code and short message of a provider error, never the long message', () => {
    expect(toRpcErrorObject(new UserRejectedRequestError())).toEqual({
      code: 4001,
      message: 'The user rejected the request.',
    })
  })

  test('keeps data when there is some, null included', () => {
    expect(toRpcErrorObject(new InvalidParamsError({ data: { index: 1 } }))).toEqual({
      code: -32602,
      message: 'Invalid method parameters.',
      data: { index: 1 },
    })
    expect(toRpcErrorObject(new ProviderRpcError(-32000, 'X.', { data: null }))).toEqual({
      code: -32000,
      message: 'X.',
      data: null,
    })
  })

  test('finds a provider error wrapped in a BaseError cause chain', () => {
    const wrapped = new BaseError('Signing failed.', { cause: new UserRejectedRequestError() })
    expect(toRpcErrorObject(wrapped)).toEqual({
      code: 4001,
      message: 'The user rejected the request.',
    })
  })

  test('a timeout is sent as -32603 with its sentence', () => {
    expect(toRpcErrorObject(new RpcTimeoutError({ timeoutMs: 1000 }))).toEqual({
      code: -32603,
      message: 'The wallet did not answer within 1 s; the request timed out.',
    })
  })

  test.each([
    ['a plain Error with a secret in its message', new Error('share=deadbeef')],
    ['a TypeError', new TypeError('x is undefined')],
    ['a BaseError without a provider error inside', new BaseError('secret path /home/u')],
    ['a string', 'boom'],
    ['a plain object that looks like an error object', { code: 4001, message: 'fake' }],
    ['an Error with a numeric code', Object.assign(new Error('leak'), { code: 4001 })],
    ['undefined', undefined],
    ['null', null],
  ])('%s becomes -32603 without its message', (_label, error) => {
    const object = toRpcErrorObject(error)
    expect(object).toEqual(INTERNAL)
    expect(JSON.stringify(object)).not.toMatch(/secret|leak|share|boom|fake|home|undefined/)
  })

  test('does not follow a plain Error cause to a provider error (only BaseError chains)', () => {
    const error = new Error('outer', { cause: new UserRejectedRequestError() })
    expect(toRpcErrorObject(error)).toEqual(INTERNAL)
  })

  test('truncates an overlong sentence to 1024 characters', () => {
    const object = toRpcErrorObject(new UserRejectedRequestError({ message: 'x'.repeat(2000) }))
    expect(object.message).toBe(`${'x'.repeat(1023)}…`)
    expect(object.message.length).toBe(1024)
  })
})
