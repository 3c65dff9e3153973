import { describe, expect, test } from 'vitest'
import {
  BaseError,
  ChainDisconnectedError,
  DisconnectedError,
  EnvelopeError,
  InternalRpcError,
  InvalidParamsError,
  MessageValidationError,
  PairingUriError,
  ProviderRpcError,
  RpcTimeoutError,
  UnauthorizedError,
  UnrecognizedChainError,
  UnsupportedMethodError,
  UserRejectedRequestError,
} from '../index.ts'

/** Every error class of the package (STYLE.md item 8: export every one), by its stable name. */
const ERROR_CLASSES = {
  BaseError,
  ProviderRpcError,
  UserRejectedRequestError,
  UnauthorizedError,
  UnsupportedMethodError,
  DisconnectedError,
  ChainDisconnectedError,
  UnrecognizedChainError,
  InvalidParamsError,
  InternalRpcError,
  RpcTimeoutError,
  PairingUriError,
  EnvelopeError,
  MessageValidationError,
} as const

describe('error classes', () => {
  test.each(Object.entries(ERROR_CLASSES))(
    '%s is exported from the entry point and is a BaseError',
    (_name, Class) => {
      expect(Class.prototype).toBeInstanceOf(Error)
      expect(Class === BaseError || Class.prototype instanceof BaseError).toBe(true)
    },
  )

  test('each instance carries its stable name, whatever a minifier does to the class name', () => {
    const instances = [
      new BaseError('x'),
      new ProviderRpcError(1, 'x'),
      new UserRejectedRequestError(),
      new UnauthorizedError(),
      new UnsupportedMethodError(),
      new DisconnectedError(),
      new ChainDisconnectedError(),
      new UnrecognizedChainError(),
      new InvalidParamsError(),
      new InternalRpcError(),
      new RpcTimeoutError({ timeoutMs: 1 }),
      new PairingUriError('bad_topic', 'x'),
      new EnvelopeError('too_short', 'x'),
      new MessageValidationError('bad_id', '$.id', 'x'),
    ]
    expect(instances.map((e) => e.name)).toEqual(Object.keys(ERROR_CLASSES))
  })
})
