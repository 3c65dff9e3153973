/**
 * Internal: whatever the transport or the RPC threw becomes an EIP-1193 error a dapp can handle
 * (SESSION.md: every error a dapp sees is one of the listed codes): `ProviderRpcError`s pass
 * through, `{code, message}` objects are rebuilt with `fromRpcErrorObject`, anything else is an
 * `InternalRpcError` carrying it as `cause`. Must never reject with a plain object.
 */
import { fromRpcErrorObject, InternalRpcError, ProviderRpcError } from '@tessera/protocol'

export function toProviderError(error: unknown, context: string): ProviderRpcError {
  if (error instanceof ProviderRpcError) return error
  if (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'number' &&
    Number.isInteger(error.code) &&
    'message' in error &&
    typeof error.message === 'string' &&
    !(error instanceof Error)
  ) {
    try {
      return fromRpcErrorObject(error)
    } catch (invalid) {
      return new InternalRpcError({ message: `${context} failed.`, cause: invalid })
    }
  }
  return new InternalRpcError({ message: `${context} failed.`, cause: error })
}
