/**
 * `providerError` gives viem's class for each EIP-1193 / EIP-1474 code with our sentence as
 * `details`; `toProviderError` keeps codes from session errors (@tessera/protocol classes) and
 * turns anything without a code into -32603, keeping the original as cause.
 */
import { DisconnectedError, RpcTimeoutError, UnauthorizedError } from '@tessera/protocol'
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
import { providerError, toProviderError } from './providerError.ts'

describe('providerError', () => {
  test.each([
    [4001, UserRejectedRequestError],
    [4100, UnauthorizedProviderError],
    [4200, UnsupportedProviderMethodError],
    [4900, ProviderDisconnectedError],
    [4901, ChainDisconnectedError],
    [4902, SwitchChainError],
    [-32602, InvalidParamsRpcError],
    [-32603, InternalRpcError],
  ] as const)('%i is %o with our sentence', (code, type) => {
    const error = providerError(code, 'Precisely this.')
    expect(error).toBeInstanceOf(type)
    expect(error).toMatchObject({ code, details: 'Precisely this.' })
  })

  test('another code keeps its number', () => {
    const error = providerError(5710, 'Unsupported chain.')
    expect(error).toBeInstanceOf(ProviderRpcError)
    expect(error).toMatchObject({ code: 5710, shortMessage: 'Unsupported chain.' })
  })
})

describe('toProviderError', () => {
  test('a session error keeps its code and short message, and stays the cause', () => {
    const cause = new UnauthorizedError({ message: 'Not yours.' })
    const error = toProviderError(cause)
    expect(error).toBeInstanceOf(UnauthorizedProviderError)
    expect(error).toMatchObject({ code: 4100, details: 'Not yours.' })
    expect((error as UnauthorizedProviderError).walk((e) => e === cause)).toBe(cause)
  })

  test('a timeout is -32603 and found by walk()', () => {
    const error = toProviderError(new RpcTimeoutError({ timeoutMs: 1500 }))
    expect(error).toMatchObject({
      code: -32603,
      details: 'The wallet did not answer within 1.5 s; the request timed out.',
    })
    expect((error as InternalRpcError).walk((e) => e instanceof RpcTimeoutError)).toBeInstanceOf(
      RpcTimeoutError,
    )
    expect(toProviderError(new DisconnectedError())).toBeInstanceOf(ProviderDisconnectedError)
  })

  test('viem errors pass unchanged; anything else is -32603', () => {
    const viemError = providerError(4001, 'No.')
    expect(toProviderError(viemError)).toBe(viemError)
    expect(toProviderError(new Error('boom'), 'The RPC')).toMatchObject({
      code: -32603,
      details: 'The RPC failed: boom',
    })
    expect(toProviderError('text', 'The RPC')).toMatchObject({
      code: -32603,
      details: 'The RPC failed.',
    })
  })
})
