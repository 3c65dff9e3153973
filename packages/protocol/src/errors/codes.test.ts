import {
  ChainDisconnectedError,
  InternalRpcError,
  InvalidParamsRpcError,
  ProviderDisconnectedError,
  SwitchChainError,
  UnauthorizedProviderError,
  UnsupportedProviderMethodError,
  UserRejectedRequestError,
} from 'viem'
import { expect, test } from 'vitest'
import { isRpcErrorCode, RPC_ERROR_CLASSES, RPC_ERROR_CODES } from './codes.ts'

test('RPC_ERROR_CODES lists exactly the codes of SESSION.md', () => {
  expect(Object.values(RPC_ERROR_CODES).sort((a, b) => a - b)).toEqual([
    -32603, -32602, 4001, 4100, 4200, 4900, 4901, 4902,
  ])
})

test("each code maps to viem's class whose static code is that code", () => {
  expect(RPC_ERROR_CLASSES).toEqual({
    4001: UserRejectedRequestError,
    4100: UnauthorizedProviderError,
    4200: UnsupportedProviderMethodError,
    4900: ProviderDisconnectedError,
    4901: ChainDisconnectedError,
    4902: SwitchChainError,
    [-32602]: InvalidParamsRpcError,
    [-32603]: InternalRpcError,
  })
  for (const [code, Class] of Object.entries(RPC_ERROR_CLASSES)) expect(Class.code).toBe(+code)
})

test('isRpcErrorCode is true for the table only', () => {
  for (const code of Object.values(RPC_ERROR_CODES)) expect(isRpcErrorCode(code)).toBe(true)
  for (const code of [0, -32000, 4903, 5710, -32601]) expect(isRpcErrorCode(code)).toBe(false)
})
