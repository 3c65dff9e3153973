/**
 * `toProviderError` passes viem's RPC errors through, reads peers' error objects, keeps numeric
 * codes, and turns anything else into -32603 keeping the original as cause.
 */
import {
  InternalRpcError,
  ProviderDisconnectedError,
  UnauthorizedProviderError,
  UserRejectedRequestError,
} from 'viem'
import { describe, expect, test } from 'vitest'
import { BaseError } from './base.ts'
import { providerError } from './providerError.ts'
import { rpcErrorData } from './rpcErrorData.ts'
import { toProviderError } from './toProviderError.ts'

describe('toProviderError', () => {
  test('viem RPC errors pass unchanged', () => {
    const error = providerError(4001, 'No.')
    expect(toProviderError(error)).toBe(error)
  })

  test("a peer's error object becomes viem's class with its sentence and data", () => {
    const error = toProviderError({ code: 4100, message: 'Not yours.', data: 7 })
    expect(error).toBeInstanceOf(UnauthorizedProviderError)
    expect(error).toMatchObject({ code: 4100, details: 'Not yours.' })
    expect(rpcErrorData(error)).toBe(7)
  })

  test('a malformed error object is -32603 with the validation error as cause', () => {
    const error = toProviderError({ code: 'x', message: 'y' }, 'The signer')
    expect(error).toBeInstanceOf(InternalRpcError)
    expect(error.details).toBe('The signer failed.')
    expect(error.walk((e) => (e as { code?: unknown }).code === 'BadError')).not.toBeNull()
  })

  test('an Error with a numeric code keeps it, and stays the cause', () => {
    const cause = Object.assign(new Error('gone'), { code: 4900 })
    const error = toProviderError(cause)
    expect(error).toBeInstanceOf(ProviderDisconnectedError)
    expect(error.details).toBe('gone')
    expect(error.walk((e) => e === cause)).toBe(cause)
  })

  test('anything else is -32603 naming the step; our BaseError gives its short message', () => {
    expect(toProviderError(new Error('boom'), 'The RPC')).toMatchObject({
      code: -32603,
      details: 'The RPC failed: boom',
    })
    expect(toProviderError(new BaseError('Short.', { details: 'd' }), 'The RPC')).toMatchObject({
      code: -32603,
      details: 'The RPC failed: Short.',
    })
    expect(toProviderError('text', 'The RPC')).toMatchObject({
      code: -32603,
      details: 'The RPC failed.',
    })
    expect(toProviderError(undefined)).toBeInstanceOf(InternalRpcError)
    expect(toProviderError(new UserRejectedRequestError(new Error('x')))).toBeInstanceOf(
      UserRejectedRequestError,
    )
  })
})
