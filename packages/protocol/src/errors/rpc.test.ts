import { describe, expect, test } from 'vitest'
import { BaseError } from './base.ts'
import {
  ChainDisconnectedError,
  DisconnectedError,
  InternalRpcError,
  InvalidParamsError,
  ProviderRpcError,
  RPC_ERROR_CODES,
  RpcTimeoutError,
  UnauthorizedError,
  UnrecognizedChainError,
  UnsupportedMethodError,
  UserRejectedRequestError,
} from './rpc.ts'

const cases = [
  [UserRejectedRequestError, 'UserRejectedRequestError', 4001, 'The user rejected the request.'],
  [
    UnauthorizedError,
    'UnauthorizedError',
    4100,
    'The requested method or account has not been authorized by the user.',
  ],
  [
    UnsupportedMethodError,
    'UnsupportedMethodError',
    4200,
    'The wallet does not support the requested method.',
  ],
  [DisconnectedError, 'DisconnectedError', 4900, 'The wallet is disconnected.'],
  [
    ChainDisconnectedError,
    'ChainDisconnectedError',
    4901,
    'The wallet is not connected to the requested chain.',
  ],
  [
    UnrecognizedChainError,
    'UnrecognizedChainError',
    4902,
    'Unrecognized chain: add it first (wallet_addEthereumChain, or wallet_addConfluxChain on Conflux Core).',
  ],
  [InvalidParamsError, 'InvalidParamsError', -32602, 'Invalid method parameters.'],
  [InternalRpcError, 'InternalRpcError', -32603, 'An internal error occurred in the wallet.'],
] as const

describe.each(cases)('%o', (Class, name, code, sentence) => {
  test(`has the stable name ${name} and the EIP-1193/1474 code ${code}`, () => {
    const error = new Class()
    expect(error.name).toBe(name)
    expect(error.code).toBe(code)
    expect(Class.code).toBe(code)
    expect(error.shortMessage).toBe(sentence)
    expect(error).toBeInstanceOf(ProviderRpcError)
    expect(error).toBeInstanceOf(BaseError)
    expect(error.data).toBeUndefined()
    expect(error.message).toBe(
      `${sentence}\n\nDocs: SESSION.md#json-rpc-inside-the-session\nVersion: @tessera/protocol@0.1.0`,
    )
  })

  test('takes a more helpful sentence, data and a cause', () => {
    const cause = new Error('inner')
    const error = new Class({ message: 'Better sentence.', data: { a: 1 }, cause })
    expect(error.shortMessage).toBe('Better sentence.')
    expect(error.data).toEqual({ a: 1 })
    expect(error.cause).toBe(cause)
    expect(error.code).toBe(code)
  })
})

test('RPC_ERROR_CODES lists exactly the codes of SESSION.md', () => {
  expect(Object.values(RPC_ERROR_CODES).sort((a, b) => a - b)).toEqual([
    -32603, -32602, 4001, 4100, 4200, 4900, 4901, 4902,
  ])
})

test('ProviderRpcError carries any code', () => {
  const error = new ProviderRpcError(-32000, 'Server error.', { data: 'x' })
  expect(error.name).toBe('ProviderRpcError')
  expect(error.code).toBe(-32000)
  expect(error.data).toBe('x')
})

describe('RpcTimeoutError', () => {
  test('is an internal error (-32603) with its own name and a sentence giving the deadline', () => {
    const error = new RpcTimeoutError({ timeoutMs: 300_000 })
    expect(error.name).toBe('RpcTimeoutError')
    expect(error.code).toBe(-32603)
    expect(error).toBeInstanceOf(InternalRpcError)
    expect(error.timeoutMs).toBe(300_000)
    expect(error.shortMessage).toBe(
      'The wallet did not answer within 300 s; the request timed out.',
    )
  })

  test('says so when the deadline is not a finite number', () => {
    expect(new RpcTimeoutError({ timeoutMs: Number.NaN }).shortMessage).toBe(
      'The wallet did not answer within an unknown number of s; the request timed out.',
    )
  })
})
