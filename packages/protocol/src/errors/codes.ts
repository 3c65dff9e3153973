/**
 * The one table of JSON-RPC error codes a dapp can see
 * (docs/SESSION.md#json-rpc-inside-the-session): the EIP-1193 provider codes and the two EIP-1474
 * codes the session uses, each beside viem's class for it. These are the only codes that cross the
 * session; a peer's other codes become viem's plain `ProviderRpcError` carrying the number (see
 * `providerError`). Holds data only; must never construct an error.
 */
import {
  ChainDisconnectedError,
  InternalRpcError,
  InvalidParamsRpcError,
  ProviderDisconnectedError,
  SwitchChainError,
  UnauthorizedProviderError,
  UnsupportedProviderMethodError,
  UserRejectedRequestError,
} from 'viem'

/** The codes docs/SESSION.md allows on the wire, by name. */
export const RPC_ERROR_CODES = {
  /** EIP-1193: the user said no. */
  userRejectedRequest: 4001,
  /** EIP-1193: the method or account is not authorised for this dapp. */
  unauthorized: 4100,
  /** EIP-1193: the session does not carry the method. */
  unsupportedMethod: 4200,
  /** EIP-1193: the session is gone (closed by either side or expired). */
  disconnected: 4900,
  /** EIP-1193: not connected to the requested chain. */
  chainDisconnected: 4901,
  /** EIP-3326: the chain is not one of the session's chains; add it first. */
  unrecognizedChain: 4902,
  /** EIP-1474: invalid method parameters. */
  invalidParams: -32602,
  /** EIP-1474: internal error; what every unknown failure becomes on the wire. */
  internal: -32603,
} as const

export type RpcErrorCode = (typeof RPC_ERROR_CODES)[keyof typeof RPC_ERROR_CODES]

/** viem's class for each code of the table. */
export const RPC_ERROR_CLASSES = {
  [RPC_ERROR_CODES.userRejectedRequest]: UserRejectedRequestError,
  [RPC_ERROR_CODES.unauthorized]: UnauthorizedProviderError,
  [RPC_ERROR_CODES.unsupportedMethod]: UnsupportedProviderMethodError,
  [RPC_ERROR_CODES.disconnected]: ProviderDisconnectedError,
  [RPC_ERROR_CODES.chainDisconnected]: ChainDisconnectedError,
  [RPC_ERROR_CODES.unrecognizedChain]: SwitchChainError,
  [RPC_ERROR_CODES.invalidParams]: InvalidParamsRpcError,
  [RPC_ERROR_CODES.internal]: InternalRpcError,
} as const

/** True for the codes of `RPC_ERROR_CODES`. */
export function isRpcErrorCode(code: number): code is RpcErrorCode {
  return Object.hasOwn(RPC_ERROR_CLASSES, code)
}
