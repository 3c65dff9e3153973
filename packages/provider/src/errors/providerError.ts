/**
 * `providerError(code, details)`: the EIP-1193 / EIP-1474 error a dapp sees, as viem's error
 * class for that code (CHAINS.md: the provider surface uses viem's classes), with our precise
 * sentence as `details`. `toProviderError(error)` turns whatever a session, the signer or the
 * dapp's RPC threw into one of them, keeping the original as `cause` (so `walk()` finds e.g. a
 * `RpcTimeoutError`). Must never reject with a plain object or lose an error's numeric code.
 */
import {
  BaseError,
  ChainDisconnectedError,
  InternalRpcError,
  InvalidParamsRpcError,
  ProviderDisconnectedError,
  ProviderRpcError,
  SwitchChainError,
  UnauthorizedProviderError,
  UnsupportedProviderMethodError,
  UserRejectedRequestError,
} from 'viem'

/** The codes this provider raises itself (SESSION.md "JSON-RPC inside the session"). */
export type ProviderErrorCode = 4001 | 4100 | 4200 | 4900 | 4901 | 4902 | -32602 | -32603

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

/** viem's class for each code this provider raises (anything else is a plain ProviderRpcError). */
const CLASSES: { readonly [code: number]: new (cause: Error) => ProviderError } = {
  4001: UserRejectedRequestError,
  4100: UnauthorizedProviderError,
  4200: UnsupportedProviderMethodError,
  4900: ProviderDisconnectedError,
  4901: ChainDisconnectedError,
  4902: SwitchChainError,
  [-32602]: InvalidParamsRpcError,
  [-32603]: InternalRpcError,
}

export function providerError(
  code: number,
  details: string,
  options: { readonly cause?: unknown } = {},
): ProviderError {
  // viem's classes take the error they wrap; ours carries the sentence and the original cause.
  const inner =
    options.cause === undefined ? new Error(details) : new Error(details, { cause: options.cause })
  const Class = Object.hasOwn(CLASSES, code) ? CLASSES[code] : undefined
  return Class === undefined
    ? new ProviderRpcError(inner, { code, shortMessage: details })
    : new Class(inner)
}

/** Any thrown value → an error with an EIP-1193 / EIP-1474 code; viem's errors pass unchanged. */
export function toProviderError(error: unknown, context = 'The request'): Error {
  if (error instanceof BaseError && typeof (error as { code?: unknown }).code === 'number') {
    return error
  }
  if (typeof error === 'object' && error !== null) {
    const { code, shortMessage, message } = error as {
      code?: unknown
      shortMessage?: unknown
      message?: unknown
    }
    const sentence =
      typeof shortMessage === 'string'
        ? shortMessage
        : typeof message === 'string'
          ? message
          : `${context} failed.`
    if (typeof code === 'number' && Number.isSafeInteger(code)) {
      return providerError(code, sentence, { cause: error })
    }
    return providerError(-32603, `${context} failed: ${sentence}`, { cause: error })
  }
  return providerError(-32603, `${context} failed.`, { cause: error })
}
