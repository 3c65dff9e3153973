/**
 * Internal: what the method handlers share — the live session (accounts as lower-case hex, the
 * chain id) and the two channels, each wrapped so their failures become EIP-1193 errors.
 * Conflux Core's network id equals its chain id on mainnet (1029), testnet (1) and dev nodes, and
 * the base32 prefix of session addresses is derived from the chain id on that basis.
 * Must never let a handler reach the signer without a session.
 */
import type { Hex } from 'viem'
import type { ConfluxRpc, ConfluxSignerMethod, ConfluxTransport } from '../types.ts'

export type ActiveSession = { readonly chainId: number; readonly accounts: readonly Hex[] }

export type ProviderContext = {
  readonly transport: ConfluxTransport
  readonly rpc: ConfluxRpc
  /** The live session; throws 4100 (viem's `UnauthorizedProviderError`) when there is none. */
  session(): ActiveSession
  signer(method: ConfluxSignerMethod, params: readonly unknown[]): Promise<unknown>
  node(method: string, params: readonly unknown[]): Promise<unknown>
  /** After the signer agreed to a switch: new chain, events. */
  setChain(chainId: number): void
}
