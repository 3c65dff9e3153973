import { InvalidParamsRpcError, UserRejectedRequestError, BaseError as ViemBaseError } from 'viem'
import { describe, expect, test } from 'vitest'
import { BaseError } from './base.ts'
import { providerError } from './providerError.ts'
import { RpcTimeoutError } from './RpcTimeoutError.ts'
import { toRpcErrorObject } from './toRpcErrorObject.ts'

const INTERNAL = { code: -32603, message: 'An internal error occurred in the wallet.' }

describe('toRpcErrorObject', () => {
  test('keeps code and sentence (details) of an RPC error, never the long message', () => {
    expect(toRpcErrorObject(providerError(4001, 'The user said no.'))).toEqual({
      code: 4001,
      message: 'The user said no.',
    })
  })

  test("without details, viem's short message is the sentence", () => {
    expect(toRpcErrorObject(new UserRejectedRequestError(new Error('')))).toEqual({
      code: 4001,
      message: 'User rejected the request.',
    })
  })

  test('keeps data when there is some, null included', () => {
    expect(toRpcErrorObject(providerError(-32602, 'Bad index.', { data: { index: 1 } }))).toEqual({
      code: -32602,
      message: 'Bad index.',
      data: { index: 1 },
    })
    expect(toRpcErrorObject(providerError(-32000, 'X.', { data: null }))).toEqual({
      code: -32000,
      message: 'X.',
      data: null,
    })
  })

  test("finds an RPC error wrapped in our or viem's BaseError cause chain", () => {
    const inner = providerError(4001, 'No.')
    expect(toRpcErrorObject(new BaseError('Signing failed.', { cause: inner }))).toEqual({
      code: 4001,
      message: 'No.',
    })
    expect(toRpcErrorObject(new ViemBaseError('Outer.', { cause: inner }))).toEqual({
      code: 4001,
      message: 'No.',
    })
  })

  test('a timeout is sent as -32603 with its sentence', () => {
    const timeout = new RpcTimeoutError({ timeoutMs: 1000 })
    expect(
      toRpcErrorObject(providerError(-32603, timeout.shortMessage, { cause: timeout })),
    ).toEqual({
      code: -32603,
      message: 'The wallet did not answer within 1 s; the request timed out.',
    })
  })

  test.each([
    ['a plain Error with a secret in its message', new Error('share=deadbeef')],
    ['a TypeError', new TypeError('x is undefined')],
    ['a BaseError without an RPC error inside', new BaseError('secret path /home/u')],
    ['a package error with a string code', new RpcTimeoutError({ timeoutMs: 1 })],
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

  test('does not follow a plain Error cause to an RPC error (only BaseError chains)', () => {
    const error = new Error('outer', { cause: providerError(4001, 'No.') })
    expect(toRpcErrorObject(error)).toEqual(INTERNAL)
  })

  test('stops on a cyclic cause chain', () => {
    const a = new BaseError('A.')
    const b = new BaseError('B.', { cause: a })
    Object.defineProperty(a, 'cause', { value: b })
    expect(toRpcErrorObject(a)).toEqual(INTERNAL)
  })

  test('truncates an overlong sentence to 1024 characters', () => {
    const object = toRpcErrorObject(new InvalidParamsRpcError(new Error('x'.repeat(2000))))
    expect(object.message).toBe(`${'x'.repeat(1023)}…`)
    expect(object.message.length).toBe(1024)
  })
})
