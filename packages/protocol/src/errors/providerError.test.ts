/** `providerError` gives viem's class for each EIP-1193 / EIP-1474 code with our sentence as `details`. */
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
import { providerError } from './providerError.ts'
import { rpcErrorData } from './rpcErrorData.ts'

describe('providerError', () => {
  test.each([
    [4001, UserRejectedRequestError, 'UserRejectedRequestError'],
    [4100, UnauthorizedProviderError, 'UnauthorizedProviderError'],
    [4200, UnsupportedProviderMethodError, 'UnsupportedProviderMethodError'],
    [4900, ProviderDisconnectedError, 'ProviderDisconnectedError'],
    [4901, ChainDisconnectedError, 'ChainDisconnectedError'],
    [4902, SwitchChainError, 'SwitchChainError'],
    [-32602, InvalidParamsRpcError, 'InvalidParamsRpcError'],
    [-32603, InternalRpcError, 'InternalRpcError'],
  ] as const)('%i is %o with our sentence', (code, type, name) => {
    const error = providerError(code, 'Precisely this.')
    expect(error.constructor).toBe(type)
    expect(error).toMatchObject({ code, name, details: 'Precisely this.' })
    expect(rpcErrorData(error)).toBeUndefined()
  })

  test('another code keeps its number, with the sentence as short message', () => {
    const error = providerError(5710, 'Unsupported chain.')
    expect(error.constructor).toBe(ProviderRpcError)
    expect(error).toMatchObject({
      code: 5710,
      name: 'ProviderRpcError',
      shortMessage: 'Unsupported chain.',
    })
  })

  test('keeps the cause for walk() and data for the wire', () => {
    const cause = new Error('socket closed')
    const error = providerError(-32602, 'Bad.', { cause, data: { index: 1 } })
    expect(error.walk((e) => e === cause)).toBe(cause)
    expect(rpcErrorData(error)).toEqual({ index: 1 })
    expect(rpcErrorData(providerError(4001, 'No.', { data: null }))).toBeNull()
  })
})
