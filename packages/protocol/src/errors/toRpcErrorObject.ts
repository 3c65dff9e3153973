/**
 * `toRpcErrorObject`: what the signer sends back when a request fails. A `ProviderRpcError`
 * anywhere in the cause chain keeps its code, its short message and its `data`; anything else
 * becomes -32603 with a fixed sentence, so internal messages, stack traces and secrets never
 * reach the dapp (SESSION.md: every error a dapp can see is one of the listed codes).
 * Must never read `message`, `stack` or `details` of an error that is not a `ProviderRpcError`.
 */
import type { RpcErrorObject } from '../jsonrpc/rpcErrorObject.ts'
import { MAX_ERROR_MESSAGE_LENGTH } from '../jsonrpc/wireRules.ts'
import { BaseError } from './base.ts'
import { InternalRpcError, ProviderRpcError } from './rpc.ts'

export function toRpcErrorObject(error: unknown): RpcErrorObject {
  const rpc = findProviderRpcError(error)
  if (rpc === undefined) {
    const internal = new InternalRpcError()
    return { code: internal.code, message: internal.shortMessage }
  }
  const message = truncate(rpc.shortMessage, MAX_ERROR_MESSAGE_LENGTH)
  return rpc.data === undefined
    ? { code: rpc.code, message }
    : { code: rpc.code, message, data: rpc.data as NonNullable<RpcErrorObject['data']> }
}

function findProviderRpcError(error: unknown): ProviderRpcError | undefined {
  if (error instanceof ProviderRpcError) return error
  if (!(error instanceof BaseError)) return undefined
  const found = error.walk((e) => e instanceof ProviderRpcError)
  return found instanceof ProviderRpcError ? found : undefined
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
