/**
 * `providerError(code, details)`: the error a dapp sees for an EIP-1193 / EIP-1474 code — viem's
 * class for that code (`RPC_ERROR_CLASSES`), with our precise sentence as `details` and the
 * original failure kept as `cause` (so `walk()` finds it). Any other code becomes viem's plain
 * `ProviderRpcError` carrying the number and the sentence. `data` (JSON, public) is kept for the
 * wire. Must never lose a code and never put a secret into `details`: it reaches the dapp.
 */
import {
  type ChainDisconnectedError,
  type InternalRpcError,
  type InvalidParamsRpcError,
  type ProviderDisconnectedError,
  ProviderRpcError,
  type SwitchChainError,
  type UnauthorizedProviderError,
  type UnsupportedProviderMethodError,
  type UserRejectedRequestError,
} from 'viem'
import type { JsonValue } from '../jsonrpc/jsonValue.ts'
import { isRpcErrorCode, RPC_ERROR_CLASSES } from './codes.ts'

/** Every class `providerError` returns. */
export type ProviderError =
  | UserRejectedRequestError
  | UnauthorizedProviderError
  | UnsupportedProviderMethodError
  | ProviderDisconnectedError
  | ChainDisconnectedError
  | SwitchChainError
  | InvalidParamsRpcError
  | InternalRpcError
  | ProviderRpcError

export type ProviderErrorOptions = {
  /** The failure that led to this error; found again with `walk()`. */
  readonly cause?: unknown
  /** The error object's `data`: JSON, public, sent to the peer verbatim. */
  readonly data?: JsonValue
}

export function providerError(
  code: number,
  details: string,
  options: ProviderErrorOptions = {},
): ProviderError {
  // viem's classes take the error they wrap and read `details` from its message.
  const inner =
    options.cause === undefined ? new Error(details) : new Error(details, { cause: options.cause })
  const error: ProviderError = isRpcErrorCode(code)
    ? new RPC_ERROR_CLASSES[code](inner)
    : new ProviderRpcError(inner, { code, shortMessage: details, name: 'ProviderRpcError' })
  // viem keeps `data` on provider errors only; the wire needs it on every code.
  return options.data === undefined ? error : Object.assign(error, { data: options.data })
}
