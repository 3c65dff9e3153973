/**
 * `ProviderContext`: what a method handler of the provider may use — the live session's
 * accounts and chain, the signer (through the session, with the request deadline) and the dapp's
 * RPC of a chain — so each handler lives in its own small file. Types only; no behaviour.
 */
import type { Address, Client } from 'viem'

export interface ProviderContext {
  /** The current chain id (the session's, or the first configured chain before pairing). */
  chainId(): number
  /** The session's accounts on the current chain; 4100 when there is no live session. */
  accounts(method: string): readonly Address[]
  /** `address` checked against the session: -32602 when malformed, 4100 when not an account. */
  account(method: string, address: unknown, field: string): Address
  /** The dapp's RPC client of a configured chain (default: the current one). */
  client(chainId?: number): Client
  /** A request to the signer over the session; errors come back with their EIP-1193 code. */
  signer(method: string, params: readonly unknown[]): Promise<unknown>
  /** True while a session is live. */
  connected(): boolean
  /** Pairs, or returns the live session's accounts. */
  connect(): Promise<readonly Address[]>
  /** Ends the session (tells the signer). */
  disconnect(): Promise<void>
  /** Makes `chainId` current and emits `chainChanged` when it changed. */
  setChain(chainId: number): void
  /** The chain ids the session covers and the dapp has an RPC for. */
  switchableChains(): readonly number[]
  readonly origin: string
  readonly ethSign: boolean
}
