/**
 * The Conflux provider's contracts with the world: the transport to the signer (implemented by the
 * session layer, `@tessera/core`), the dapp's RPC endpoint, and the provider surface a dapp sees
 * (Fluent-compatible `window.conflux`). Types only; must never hold behaviour.
 */
import type { ProviderError } from '@tessera/protocol'
import type { Hex } from 'viem'

/** What the session knows: the Core accounts (base32 or hex) and the chain id. */
export type ConfluxSession = {
  accounts: readonly string[]
  chainId: number
}

/**
 * Methods the provider sends to the signer. `cfx_signTransaction` carries a fully filled Core
 * transaction (RPC form: base32 `from`/`to`, 0x quantities, `type` 0x0/0x1/0x2, `chainId`) and
 * must answer with the signed raw transaction (hex); the dapp side broadcasts it (docs/CHAINS.md:
 * the signer only signs). The others carry the dapp's params unchanged after validation.
 */
export type ConfluxSignerMethod =
  | 'cfx_signTransaction'
  | 'cfx_signTypedData_v4'
  | 'personal_sign'
  | 'wallet_switchConfluxChain'
  | 'wallet_addConfluxChain'

export type ConfluxTransportEvent =
  | { type: 'accountsChanged'; accounts: readonly string[] }
  | { type: 'chainChanged'; chainId: number }
  | { type: 'disconnect'; error?: unknown }

/** The request channel to the signer. Errors should be viem's RPC errors (or `{code, message}` error objects). */
export type ConfluxTransport = {
  /** Pairs (or resumes) and resolves with the session's Core accounts and chain. */
  connect(): Promise<ConfluxSession>
  request(args: { method: ConfluxSignerMethod; params: readonly unknown[] }): Promise<unknown>
  /** Session events; returns the function that unsubscribes. */
  subscribe(listener: (event: ConfluxTransportEvent) => void): () => void
}

/** The dapp's Conflux Core JSON-RPC endpoint: a fake in tests, an HTTP client in apps. */
export type ConfluxRpc = {
  request(args: { method: string; params?: readonly unknown[] }): Promise<unknown>
}

export type ConfluxRequestArguments = { method: string; params?: unknown }

/** EIP-1193 events; `accountsChanged` carries base32 addresses (docs/CHAINS.md). */
export type ConfluxProviderEvents = {
  connect: (info: { chainId: Hex }) => void
  disconnect: (error: ProviderError) => void
  accountsChanged: (accounts: string[]) => void
  chainChanged: (chainId: Hex) => void
}

export type ConfluxProvider = {
  request(args: ConfluxRequestArguments): Promise<unknown>
  /** True while a session is live (EIP-1193: connected to at least one chain). */
  isConnected(): boolean
  on<E extends keyof ConfluxProviderEvents>(event: E, listener: ConfluxProviderEvents[E]): void
  removeListener<E extends keyof ConfluxProviderEvents>(
    event: E,
    listener: ConfluxProviderEvents[E],
  ): void
  /** Stops listening to the transport; the provider answers 4900 afterwards. */
  destroy(): void
}

/**
 * The one param of `cfx_signTransaction` sent to the signer: a fully filled Core transaction in
 * Conflux RPC form. `type` selects the fields: 0x0 legacy (`gasPrice`), 0x1 CIP-2930 (`gasPrice`,
 * `accessList`), 0x2 CIP-1559 (`maxFeePerGas`, `maxPriorityFeePerGas`, `accessList`).
 */
export type ConfluxSignTransactionRequest = {
  type: '0x0' | '0x1' | '0x2'
  from: string
  to: string | null
  value: Hex
  gas: Hex
  nonce: Hex
  storageLimit: Hex
  epochHeight: Hex
  chainId: Hex
  data: Hex
  gasPrice?: Hex
  maxFeePerGas?: Hex
  maxPriorityFeePerGas?: Hex
  accessList?: { address: string; storageKeys: Hex[] }[]
}
