/**
 * `rpcErrorData(error)`: the `data` an RPC error carries for the wire (set by `providerError` or
 * `fromRpcErrorObject`, or by viem on its provider errors), `undefined` when there is none.
 * `serializeSessionMessage` proves it is JSON before anything is sent.
 */
import type { JsonValue } from '../jsonrpc/jsonValue.ts'

export function rpcErrorData(error: object): JsonValue | undefined {
  return 'data' in error ? (error.data as JsonValue | undefined) : undefined
}
