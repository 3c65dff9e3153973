/**
 * The provider's contracts with a dapp: its parameters and the `TesseraProvider` surface (viem's
 * `EIP1193Provider` plus a few members for connectors and page lifecycle). Types only; must
 * never hold behaviour.
 */
import type { PeerMetadata, Session, SessionStore, WebSocketConstructor } from '@tessera/core'
import type { Chain, EIP1193Provider } from 'viem'
import type { ConnectModalOptions } from './internal/connectModalUi.ts'
import type { ChainRpc } from './internal/createRpcClients.ts'

export type { ConnectModalOptions } from './internal/connectModalUi.ts'
export type { ChainRpc } from './internal/createRpcClients.ts'

export interface TesseraProviderParameters {
  /** The Tessera relay, `wss://…` (or `ws://` on loopback). */
  readonly relayUrl: string
  /** Shown to the user by the signer. */
  readonly metadata: PeerMetadata
  /** The chains the session asks for; the first is the current one until the signer switches. */
  readonly chains: readonly [Chain, ...Chain[]]
  /**
   * CAIP-2 ids of non-EVM chains the same pairing also asks for, e.g. `['cfx:2029']` for Conflux
   * Core (docs/CHAINS.md#conflux-core-space) or `'solana:<genesis>'` / `'solana:localnet'` for
   * Solana (docs/CHAINS.md#solana-over-a-tessera-session): the session then carries their
   * methods, and `session()` serves `confluxTransportFromSession` and `@tessera/solana`'s wallet
   * without a second pairing. Default none.
   */
  readonly extraChains?: readonly string[]
  /** The dapp's RPC per chain id: a viem `Transport`, or an EIP-1193 request function as `{ request }`. */
  readonly rpc: { readonly [chainId: number]: ChainRpc }
  /** Where sessions persist: IndexedDB in browsers, memory elsewhere, by default. */
  readonly store?: SessionStore
  /**
   * Called with each new pairing URI (show it as a QR code or a deep link). Default: the connect
   * modal of `@tessera/modal` (QR code, copy, deep links), loaded on demand; `modal` configures it.
   */
  readonly onPairingUri?: (uri: string) => void
  /** The default connect modal's deep links, language and theme (unused with `onPairingUri`). */
  readonly modal?: ConnectModalOptions
  /** The dapp's origin; default `location.origin` (required outside browsers). */
  readonly origin?: string
  /** The WebSocket class; default the global one (pass `ws`'s in Node 20). */
  readonly WebSocket?: WebSocketConstructor
  /** Deadline of each signer request (docs/SESSION.md default: 5 minutes). */
  readonly requestTimeoutMs?: number
  /** Lifetime of a pairing URI (default 5 minutes). */
  readonly pairingTtlSeconds?: number
  /** How long pairing waits for the relay before 4900 (default 10 s). */
  readonly connectTimeoutMs?: number
  /** Relay reconnect backoff (default 250 ms doubling up to 30 s). */
  readonly reconnect?: { readonly initialMs?: number; readonly maxMs?: number }
  /** Answer `eth_sign` through the signer instead of 4200 (default false, docs/CHAINS.md). */
  readonly ethSign?: boolean
}

export type TesseraProvider = EIP1193Provider & {
  readonly isTessera: true
  /** True while a session is live. */
  readonly connected: boolean
  /** Settles once a persisted session was looked for and, if there was one, resumed. */
  ready(): Promise<void>
  /**
   * The live session, or undefined: what `confluxTransportFromSession` (`@tessera/conflux`) takes
   * so one pairing serves EVM, Conflux Core and eSpace.
   */
  session(): Session | undefined
  /** Ends the session (the signer is told) or cancels a pairing in progress. */
  disconnect(): Promise<void>
  /** Page unload: stops listening and closes the relay; the session resumes on the next load. */
  close(): Promise<void>
}
