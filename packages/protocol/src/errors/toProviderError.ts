/**
 * `toProviderError(error, context)`: whatever a session, the signer, a transport or the dapp's RPC
 * threw, as an error with an EIP-1193 / EIP-1474 code a dapp can handle. viem's RPC errors pass
 * unchanged; a `{code, message, data?}` object (a peer's error object) is read with
 * `fromRpcErrorObject`; an error with a numeric `code` keeps it; anything else is -32603 saying
 * which step failed. The original is always kept as `cause`. Must never reject with a plain
 * object or lose a numeric code.
 */
import { RpcError } from 'viem'
import { isPlainObject } from '../jsonrpc/jsonValue.ts'
import { RPC_ERROR_CODES } from './codes.ts'
import { fromRpcErrorObject } from './fromRpcErrorObject.ts'
import { type ProviderError, providerError } from './providerError.ts'

export function toProviderError(error: unknown, context = 'The request'): ProviderError {
  if (error instanceof RpcError) return error as ProviderError
  if (isPlainObject(error)) {
    try {
      return fromRpcErrorObject(error)
    } catch (invalid) {
      return providerError(RPC_ERROR_CODES.internal, `${context} failed.`, { cause: invalid })
    }
  }
  if (error instanceof Error) {
    const { code, shortMessage } = error as { code?: unknown; shortMessage?: unknown }
    const sentence = typeof shortMessage === 'string' ? shortMessage : error.message
    if (typeof code === 'number' && Number.isSafeInteger(code)) {
      return providerError(code, sentence, { cause: error })
    }
    return providerError(RPC_ERROR_CODES.internal, `${context} failed: ${sentence}`, {
      cause: error,
    })
  }
  return providerError(RPC_ERROR_CODES.internal, `${context} failed.`, { cause: error })
}
