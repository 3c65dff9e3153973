/**
 * `createPairing`: the dapp's side of pairing (docs/SESSION.md#pairing-uri,
 * docs/SESSION.md#handshake), the Noise IK responder: makes the `tessera:` URI, waits for the first
 * signer that answers it, and resolves `approved` with the established, persisted session
 * (`openPairing.ts` has the steps). The handshake code — X25519 on noble's curve code, BLAKE2s, the
 * IK state machine — is loaded by `import()` here, when a pairing starts: a page that resumes a
 * session (which needs only the transport cipher) or never pairs does not load it, and bundlers put
 * it in a chunk of its own.
 */
import type { RelayClient } from '../relay/createRelayClient.ts'
import type { Clock } from '../relay/types.ts'
import type { RequestHandler, Session } from '../session/createSession.ts'
import type { SessionStore } from '../storage/SessionStore.ts'
import type { PeerMetadata } from './payloads.ts'

/** The pairing handshake's protocol name (docs/SESSION.md#suite). */
export const IK = 'Noise_IK_25519_ChaChaPoly_BLAKE2s'
/** Default session lifetime (7 days): @tessera/protocol's, re-exported for core's users. */
export { DEFAULT_SESSION_TTL_SECONDS } from '@tessera/protocol'

export interface CreatePairingOptions {
  readonly relay: RelayClient
  readonly store: SessionStore
  readonly metadata: PeerMetadata
  /** The dapp's web origin, e.g. `https://app.example` (shown to the user by the signer). */
  readonly origin: string
  readonly chains: readonly string[]
  readonly methods: readonly string[]
  /** URI lifetime; default 5 minutes (docs/SESSION.md). */
  readonly ttlSeconds?: number
  readonly sessionTtlSeconds?: number
  /** Keep this origin's other sessions (docs/SESSION.md: one per origin otherwise). */
  readonly multiple?: boolean
  readonly clock?: Clock
  readonly randomBytes?: (length: number) => Uint8Array
  readonly onRequest?: RequestHandler
}

export interface Pairing {
  readonly uri: string
  readonly topic: string
  /** The signer that answered, once the session is established and persisted. */
  readonly approved: Promise<Session>
  /** Stops waiting (`approved` rejects with `cancelled`). */
  cancel(): Promise<void>
}

export async function createPairing(options: CreatePairingOptions): Promise<Pairing> {
  const { openPairing } = await import('./openPairing.ts')
  return openPairing(options)
}
