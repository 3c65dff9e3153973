/**
 * `fromRpcErrorObject`: the dapp side's reading of an error object from the signer. Validates it
 * (`MessageValidationError`, reason `bad_error`, for anything that is not `{code, message, data?}`),
 * then builds the class of its code with the peer's message and data; codes outside SESSION.md's
 * list become a plain `ProviderRpcError` that still carries the code. Always returns an Error, so
 * no caller ever rejects with a plain object (STYLE.md item 8).
 * Must never trust the peer's message for control flow: only `code` selects the class.
 */
import { parseRpcErrorObject } from '../jsonrpc/rpcErrorObject.ts'
import {
  ChainDisconnectedError,
  DisconnectedError,
  InternalRpcError,
  InvalidParamsError,
  ProviderRpcError,
  type RpcErrorParameters,
  UnauthorizedError,
  UnrecognizedChainError,
  UnsupportedMethodError,
  UserRejectedRequestError,
} from './rpc.ts'

const CLASSES: ReadonlyMap<number, new (parameters: RpcErrorParameters) => ProviderRpcError> =
  new Map<number, new (parameters: RpcErrorParameters) => ProviderRpcError>([
    [UserRejectedRequestError.code, UserRejectedRequestError],
    [UnauthorizedError.code, UnauthorizedError],
    [UnsupportedMethodError.code, UnsupportedMethodError],
    [DisconnectedError.code, DisconnectedError],
    [ChainDisconnectedError.code, ChainDisconnectedError],
    [UnrecognizedChainError.code, UnrecognizedChainError],
    [InvalidParamsError.code, InvalidParamsError],
    [InternalRpcError.code, InternalRpcError],
  ])

export function fromRpcErrorObject(value: unknown): ProviderRpcError {
  const { code, message, data } = parseRpcErrorObject(value, '$')
  const Class = CLASSES.get(code)
  if (Class !== undefined) {
    // An empty sentence helps nobody: keep the class's default one then.
    const parameters: RpcErrorParameters = message === '' ? {} : { message }
    return new Class(data === undefined ? parameters : { ...parameters, data })
  }
  const sentence = message === '' ? `The wallet answered with error code ${code}.` : message
  return new ProviderRpcError(code, sentence, data === undefined ? {} : { data })
}
