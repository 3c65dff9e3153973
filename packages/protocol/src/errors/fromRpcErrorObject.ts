/**
 * `fromRpcErrorObject`: the dapp side's reading of an error object from the signer. Validates it
 * (`MessageValidationError`, code `BadError`, for anything that is not `{code, message, data?}`),
 * then builds viem's class for its code (`providerError`) with the peer's sentence as `details`
 * and its `data`. Codes outside docs/SESSION.md's list become viem's plain `ProviderRpcError` that
 * still carries the code. Always returns an Error, so no caller ever rejects with a plain object.
 * Must never trust the peer's message for control flow: only `code` selects the class.
 */
import { parseRpcErrorObject } from '../jsonrpc/rpcErrorObject.ts'
import { isRpcErrorCode } from './codes.ts'
import { type ProviderError, providerError } from './providerError.ts'

export function fromRpcErrorObject(value: unknown): ProviderError {
  const { code, message, data } = parseRpcErrorObject(value, '$')
  // An empty sentence helps nobody: viem's sentence for the code stands alone then.
  const details =
    message !== '' || isRpcErrorCode(code)
      ? message
      : `The wallet answered with error code ${code}.`
  return providerError(code, details, data === undefined ? {} : { data })
}
