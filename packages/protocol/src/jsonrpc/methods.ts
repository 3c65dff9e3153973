/**
 * The methods a session request may carry (docs/CHAINS.md tables), and the check that turns any
 * other method into viem's `UnsupportedProviderMethodError` (4200). Only methods that need the
 * signer travel: signing, transactions, chain switching and permissions. Methods answered from
 * local session state (`eth_accounts`, `eth_chainId`, `net_version`, `cfx_accounts`, `cfx_chainId`,
 * `cfx_netVersion`, the `*_requestAccounts` of a live session) and reads forwarded to the dapp's
 * own RPC (`eth_call`, `eth_getBalance`, …) never reach the session. Neither do
 * `eth_sendTransaction` and `cfx_sendTransaction`: the dapp side fills the transaction from its
 * RPC, asks the signer for `eth_signTransaction` / `cfx_signTransaction`, and broadcasts the raw
 * result itself (docs/CHAINS.md). `eth_sign` is listed because the session can carry it; the signer
 * keeps it off by default (docs/CHAINS.md) and answers 4200 itself. Must never grow by string
 * concatenation or at run time.
 */
import { RPC_ERROR_CODES } from '../errors/codes.ts'
import { providerError } from '../errors/providerError.ts'
import { MAX_METHOD_LENGTH } from './wireRules.ts'

/**
 * What a request method name looks like: a lowercase namespace, `_`, then letters, digits and
 * underscores (`eth_signTypedData_v4`, `wallet_switchEthereumChain`). Checked with the length
 * limit before the table lookup, so unsupported-but-well-formed methods get 4200, not a
 * validation error.
 */
export const METHOD_PATTERN: RegExp = /^[a-z][a-z0-9]*_[A-Za-z0-9_]+$/

export function isWellFormedMethod(method: string): boolean {
  return method.length <= MAX_METHOD_LENGTH && METHOD_PATTERN.test(method)
}

/** EVM methods (docs/CHAINS.md#evm). */
export const EVM_SESSION_METHODS = Object.freeze([
  'personal_sign',
  'eth_sign',
  'eth_signTypedData_v4',
  'eth_signTransaction',
  'wallet_switchEthereumChain',
  'wallet_addEthereumChain',
  'wallet_getPermissions',
  'wallet_requestPermissions',
  'wallet_revokePermissions',
] as const)

/** Conflux Core methods (docs/CHAINS.md#conflux-core-space); `personal_sign` is shared with EVM. */
export const CONFLUX_SESSION_METHODS = Object.freeze([
  'cfx_signTransaction',
  'cfx_signTypedData_v4',
  'wallet_switchConfluxChain',
  'wallet_addConfluxChain',
] as const)

/**
 * Solana methods (docs/CHAINS.md#solana-over-a-tessera-session), tagged with a `solana:` chain;
 * their params are read by `parseSolanaParams`. Sending is the dapp's (its RPC), so there is no
 * `solana_signAndSendTransaction` on the wire.
 */
export const SOLANA_SESSION_METHODS = Object.freeze([
  'solana_signMessage',
  'solana_signTransaction',
] as const)

export const SESSION_METHODS: readonly SessionMethod[] = Object.freeze([
  ...EVM_SESSION_METHODS,
  ...CONFLUX_SESSION_METHODS,
  ...SOLANA_SESSION_METHODS,
])

export type SessionMethod =
  | (typeof EVM_SESSION_METHODS)[number]
  | (typeof CONFLUX_SESSION_METHODS)[number]
  | (typeof SOLANA_SESSION_METHODS)[number]

const known: ReadonlySet<string> = new Set(SESSION_METHODS)

export function isSessionMethod(method: string): method is SessionMethod {
  return known.has(method)
}

/** Throws `UnsupportedProviderMethodError` (4200) for a method the session does not carry. */
export function assertSessionMethod(method: string): asserts method is SessionMethod {
  if (!isSessionMethod(method)) {
    // Echo the name only when it is well formed: it may come straight from a peer.
    const named = isWellFormedMethod(method) ? `"${method}" ` : ''
    throw providerError(
      RPC_ERROR_CODES.unsupportedMethod,
      `The wallet does not support the method ${named}over a Tessera session.`,
    )
  }
}
