/**
 * `toRpcErrorObject`: what the signer sends back when a request fails. A viem `RpcError` (every
 * class `providerError` returns) anywhere in a chain of `BaseError` causes keeps its code, its
 * sentence (`details`, or viem's `shortMessage` when there are none) and its `data`; anything
 * else becomes -32603 with a fixed sentence, so internal messages, stack traces and secrets never
 * reach the dapp (docs/SESSION.md#json-rpc-inside-the-session: every error a dapp can see is one of
 * the listed codes). Must never read `message`, `stack` or `details` of an error that is not an
 * `RpcError`.
 */
import { RpcError, BaseError as ViemBaseError } from 'viem'
import type { RpcErrorObject } from '../jsonrpc/rpcErrorObject.ts'
import { MAX_ERROR_MESSAGE_LENGTH } from '../jsonrpc/wireRules.ts'
import { BaseError } from './base.ts'
import { RPC_ERROR_CODES } from './codes.ts'
import { rpcErrorData } from './rpcErrorData.ts'

const INTERNAL: RpcErrorObject = {
  code: RPC_ERROR_CODES.internal,
  message: 'An internal error occurred in the wallet.',
}

/** Cause chains longer than this are treated as cyclic or hostile and not followed further. */
const MAX_CAUSE_DEPTH = 32

export function toRpcErrorObject(error: unknown): RpcErrorObject {
  const rpc = findRpcError(error)
  if (rpc === undefined) return INTERNAL
  const message = truncate(rpc.details || rpc.shortMessage, MAX_ERROR_MESSAGE_LENGTH)
  const data = rpcErrorData(rpc)
  return data === undefined ? { code: rpc.code, message } : { code: rpc.code, message, data }
}

/** The first `RpcError` of the chain, following causes only through our and viem's BaseErrors. */
function findRpcError(error: unknown): RpcError | undefined {
  let current = error
  for (let depth = 0; depth < MAX_CAUSE_DEPTH; depth++) {
    if (current instanceof RpcError) return current
    if (!(current instanceof BaseError || current instanceof ViemBaseError)) return undefined
    current = current.cause
  }
  return undefined
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
