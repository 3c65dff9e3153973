/**
 * `pairWithUri`: the signer's side of pairing (docs/SESSION.md#handshake), the Noise IK initiator:
 * answers the dapp's `tessera:` URI and resolves with the established, persisted session. An
 * expired or malformed URI rejects with @tessera/protocol's `PairingUriError`, a refusal (another
 * signer was first) with `PairingError('Refused')`, no answer by the URI's expiry with `Timeout`
 * (`joinPairing.ts` has the steps). The handshake code is loaded by `import()` when a pairing
 * starts, as in `createPairing`: nothing that only resumes sessions loads X25519.
 */
import type { RelayClient } from '../relay/createRelayClient.ts'
import type { Clock } from '../relay/types.ts'
import type { RequestHandler, Session } from '../session/createSession.ts'
import type { SessionStore } from '../storage/SessionStore.ts'
import type { PeerMetadata } from './payloads.ts'

export interface PairWithUriOptions {
  readonly uri: string
  /** A client of the relay the URI names (`relay.url` must equal it). */
  readonly relay: RelayClient
  readonly store: SessionStore
  readonly metadata: PeerMetadata
  /** CAIP-2 chain id → accounts offered on it. */
  readonly accounts: { readonly [chainId: string]: readonly string[] }
  readonly onRequest: RequestHandler
  readonly clock?: Clock
  readonly randomBytes?: (length: number) => Uint8Array
  /** Signer: requests older than this are dropped unanswered. Default 5 min. */
  readonly maxRequestAgeMs?: number
}

export async function pairWithUri(options: PairWithUriOptions): Promise<Session> {
  const { joinPairing } = await import('./joinPairing.ts')
  return joinPairing(options)
}
