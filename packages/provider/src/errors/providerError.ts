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

export function providerError(
  code: number,
  details: string,
  options: { readonly cause?: unknown } = {},
): ProviderError {
  // viem's classes take the error they wrap; ours carries the sentence and the original cause.
  const inner =
    options.cause === undefined ? new Error(details) : new Error(details, { cause: options.cause })
  switch (code) {
    case 4001:
      return new UserRejectedRequestError(inner)
    case 4100:
      return new UnauthorizedProviderError(inner)
    case 4200:
      return new UnsupportedProviderMethodError(inner)
    case 4900:
      return new ProviderDisconnectedError(inner)
    case 4901:
      return new ChainDisconnectedError(inner)
    case 4902:
      return new SwitchChainError(inner)
    case -32602:
      return new InvalidParamsRpcError(inner)
    case -32603:
      return new InternalRpcError(inner)
    default:
      return new ProviderRpcError(inner, { code, shortMessage: details })
  }
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
