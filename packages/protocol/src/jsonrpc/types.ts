/**
 * The messages inside a session (docs/SESSION.md#json-rpc-inside-the-session), exactly as they are
 * serialised: requests, result and error responses, and notifications. `ParsedSessionMessage`
 * wraps one with its `kind`, so the wire objects themselves never carry a discriminant field.
 * Types only: must never hold run-time code.
 *
 * Decisions (documented here once):
 * - `id` is a positive safe integer (1 … 2^53 − 1). Both ends of a session are Tessera code, so
 *   one form is enough; integers compare and deduplicate cheaply and stay exact in every engine.
 *   Strings and `null` are refused: a request too broken to carry an id gets no answer.
 * - `jsonrpc: "2.0"` may be present and is then checked, but need not be; no other field is
 *   accepted: a new field means a new pairing version (`@2`), not a silently ignored key.
 * - `chainId` is a CAIP-2 id (`eip155:1`, `cfx:1029`), the namespaces docs/SESSION.md uses.
 * - Notifications have `params` as an array: `accountsChanged` the accounts themselves (as in
 *   EIP-1193), `chainChanged` `[chainId]`, `disconnect` `[errorObject]` (EIP-1193's disconnect
 *   event carries a ProviderRpcError). No ping or expiry notification: liveness is the relay
 *   client's job and expiry is persisted session state.
 */
import type { JsonArray, JsonObject, JsonValue } from './jsonValue.ts'
import type { RpcErrorObject } from './rpcErrorObject.ts'

export type RpcId = number

export type SessionRequest = {
  readonly jsonrpc?: '2.0'
  readonly id: RpcId
  /** Well formed, not necessarily supported: check with `assertSessionMethod` and answer 4200. */
  readonly method: string
  readonly params: JsonArray | JsonObject
  readonly chainId?: string
  /**
   * How long the dapp waits for the answer, in ms after it sent the request (docs/SESSION.md#json-rpc-inside-the-session).
   * Optional: a request without it gets the signer's own deadline.
   */
  readonly timeoutMs?: number
}

export type SessionResultResponse = {
  readonly jsonrpc?: '2.0'
  readonly id: RpcId
  readonly result: JsonValue
}

export type SessionErrorResponse = {
  readonly jsonrpc?: '2.0'
  readonly id: RpcId
  readonly error: RpcErrorObject
}

export const NOTIFICATION_METHODS = Object.freeze([
  'accountsChanged',
  'chainChanged',
  'disconnect',
] as const)

export type NotificationMethod = (typeof NOTIFICATION_METHODS)[number]

export type SessionNotification =
  | {
      readonly jsonrpc?: '2.0'
      readonly method: 'accountsChanged'
      readonly params: readonly string[]
    }
  | {
      readonly jsonrpc?: '2.0'
      readonly method: 'chainChanged'
      readonly params: readonly [string]
    }
  | {
      readonly jsonrpc?: '2.0'
      readonly method: 'disconnect'
      readonly params: readonly [RpcErrorObject]
    }

export type SessionMessage =
  | SessionRequest
  | SessionResultResponse
  | SessionErrorResponse
  | SessionNotification

export type ParsedSessionMessage =
  | { readonly kind: 'request'; readonly message: SessionRequest }
  | { readonly kind: 'result'; readonly message: SessionResultResponse }
  | { readonly kind: 'error'; readonly message: SessionErrorResponse }
  | { readonly kind: 'notification'; readonly message: SessionNotification }
