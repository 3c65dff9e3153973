/**
 * The errors a dapp can see (SESSION.md, "JSON-RPC inside the session"): EIP-1193 provider errors
 * and the two EIP-1474 JSON-RPC errors the session uses, each a `BaseError` with a stable `name`
 * and its numeric `code`. These are the only codes that cross the session; anything else a peer
 * sends becomes a plain `ProviderRpcError` carrying its code (see `fromRpcErrorObject`).
 * Must never hold secrets or stack traces in `data`: `data` is sent to the peer verbatim.
 */
import { BaseError, type BaseErrorParameters } from './base.ts'

/** The codes SESSION.md allows on the wire, by name. */
export const RPC_ERROR_CODES = {
  userRejectedRequest: 4001,
  unauthorized: 4100,
  unsupportedMethod: 4200,
  disconnected: 4900,
  chainDisconnected: 4901,
  unrecognizedChain: 4902,
  invalidParams: -32602,
  internal: -32603,
} as const

export type RpcErrorCode = (typeof RPC_ERROR_CODES)[keyof typeof RPC_ERROR_CODES]

const DOCS = 'SESSION.md#json-rpc-inside-the-session'

export type ProviderRpcErrorParameters = BaseErrorParameters & {
  /** JSON value sent as the error object's `data`; must be JSON-serialisable and public. */
  data?: unknown
}

/** Parameters of the concrete classes: a more helpful sentence may replace the default one. */
export type RpcErrorParameters = ProviderRpcErrorParameters & { message?: string }

export class ProviderRpcError extends BaseError {
  override name = 'ProviderRpcError'
  readonly code: number
  readonly data: unknown

  constructor(code: number, shortMessage: string, parameters: ProviderRpcErrorParameters = {}) {
    const { data, ...base } = parameters
    super(shortMessage, { docsPath: DOCS, ...base })
    this.code = code
    this.data = data
  }
}

/** EIP-1193 4001. */
export class UserRejectedRequestError extends ProviderRpcError {
  static readonly code = RPC_ERROR_CODES.userRejectedRequest
  override name = 'UserRejectedRequestError'
  constructor({ message, ...parameters }: RpcErrorParameters = {}) {
    super(UserRejectedRequestError.code, message ?? 'The user rejected the request.', parameters)
  }
}

/** EIP-1193 4100. */
export class UnauthorizedError extends ProviderRpcError {
  static readonly code = RPC_ERROR_CODES.unauthorized
  override name = 'UnauthorizedError'
  constructor({ message, ...parameters }: RpcErrorParameters = {}) {
    super(
      UnauthorizedError.code,
      message ?? 'The requested method or account has not been authorized by the user.',
      parameters,
    )
  }
}

/** EIP-1193 4200: the session carries only the methods of `SESSION_METHODS`. */
export class UnsupportedMethodError extends ProviderRpcError {
  static readonly code = RPC_ERROR_CODES.unsupportedMethod
  override name = 'UnsupportedMethodError'
  constructor({ message, ...parameters }: RpcErrorParameters = {}) {
    super(
      UnsupportedMethodError.code,
      message ?? 'The wallet does not support the requested method.',
      parameters,
    )
  }
}

/** EIP-1193 4900: the session is gone (closed by either side or expired). */
export class DisconnectedError extends ProviderRpcError {
  static readonly code = RPC_ERROR_CODES.disconnected
  override name = 'DisconnectedError'
  constructor({ message, ...parameters }: RpcErrorParameters = {}) {
    super(DisconnectedError.code, message ?? 'The wallet is disconnected.', parameters)
  }
}

/** EIP-1193 4901. */
export class ChainDisconnectedError extends ProviderRpcError {
  static readonly code = RPC_ERROR_CODES.chainDisconnected
  override name = 'ChainDisconnectedError'
  constructor({ message, ...parameters }: RpcErrorParameters = {}) {
    super(
      ChainDisconnectedError.code,
      message ?? 'The wallet is not connected to the requested chain.',
      parameters,
    )
  }
}

/**
 * 4902: the chain is not one of the session's chains. Not in EIP-1193 itself; it is the code
 * EIP-3326 `wallet_switchEthereumChain` wallets use so the dapp knows to try EIP-3085
 * `wallet_addEthereumChain` (and the same for `wallet_switchConfluxChain`, CHAINS.md).
 */
export class UnrecognizedChainError extends ProviderRpcError {
  static readonly code = RPC_ERROR_CODES.unrecognizedChain
  override name = 'UnrecognizedChainError'
  constructor({ message, ...parameters }: RpcErrorParameters = {}) {
    super(
      UnrecognizedChainError.code,
      message ??
        'Unrecognized chain: add it first (wallet_addEthereumChain, or wallet_addConfluxChain on Conflux Core).',
      parameters,
    )
  }
}

/** EIP-1474 -32602. */
export class InvalidParamsError extends ProviderRpcError {
  static readonly code = RPC_ERROR_CODES.invalidParams
  override name = 'InvalidParamsError'
  constructor({ message, ...parameters }: RpcErrorParameters = {}) {
    super(InvalidParamsError.code, message ?? 'Invalid method parameters.', parameters)
  }
}

/** EIP-1474 -32603: also what every unknown failure becomes on the wire (`toRpcErrorObject`). */
export class InternalRpcError extends ProviderRpcError {
  static readonly code = RPC_ERROR_CODES.internal
  override name = 'InternalRpcError'
  constructor({ message, ...parameters }: RpcErrorParameters = {}) {
    super(InternalRpcError.code, message ?? 'An internal error occurred in the wallet.', parameters)
  }
}

export type RpcTimeoutErrorParameters = Omit<RpcErrorParameters, 'message'> & {
  /** The deadline that passed, in milliseconds (SESSION.md: 5 minutes by default). */
  timeoutMs: number
}

/**
 * The dapp side's answer when a request's deadline passes (SESSION.md: "the dapp side rejects
 * with a timeout error"). Its code is -32603 (internal error), because SESSION.md allows only the
 * listed codes and the others all claim something that did not happen:
 * - 4001 says the user rejected; they may simply not have looked at the phone yet;
 * - 4900 says the session is gone; wagmi and others then drop the connection, yet the session is
 *   alive and the next request may well succeed.
 * -32603 is EIP-1474's "the request failed for a reason on the provider's side", which a timeout
 * is. The class (`name` `RpcTimeoutError`, a subclass of `InternalRpcError`) and the sentence
 * tell a timeout apart from other internal errors. It is raised locally, never sent by a peer.
 */
export class RpcTimeoutError extends InternalRpcError {
  override name = 'RpcTimeoutError'
  readonly timeoutMs: number
  constructor({ timeoutMs, ...parameters }: RpcTimeoutErrorParameters) {
    super({
      message: `The wallet did not answer within ${formatSeconds(timeoutMs)}; the request timed out.`,
      ...parameters,
    })
    this.timeoutMs = timeoutMs
  }
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000
  return `${Number.isFinite(seconds) ? seconds : 'an unknown number of'} s`
}
