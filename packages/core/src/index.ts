/**
 * @tessera/core — relay client (reconnect, resubscribe, outbox, dedupe), Noise IK pairing for the
 * dapp and the signer, encrypted sessions persisted in a `SessionStore`. Explicit named exports
 * only (docs/STYLE.md#9-explicit-exports); the test wallet in `src/testing/` is never exported.
 */
export { createEmitter, type Emitter, type Listener } from '@tessera/protocol'
export {
  type CreatePairingOptions,
  createPairing,
  DEFAULT_SESSION_TTL_SECONDS,
  type Pairing,
} from './pairing/createPairing.ts'
export { type PairWithUriOptions, pairWithUri } from './pairing/pairWithUri.ts'
export type { DappReply, PeerMetadata, SignerHello } from './pairing/payloads.ts'
export {
  createRelayClient,
  type RelayClient,
  type RelayClientEvents,
  type RelayClientOptions,
} from './relay/createRelayClient.ts'
export { RelayError, type RelayErrorCode } from './relay/RelayError.ts'
export {
  type RelayCryptoOptions,
  type RelayIdentity,
  type RelayKeyPair,
  relayIdentityFromSeed,
} from './relay/relayIdentity.ts'
export type {
  Clock,
  PublishOptions,
  RelayMessage,
  RelayStatus,
  WebSocketConstructor,
  WebSocketLike,
} from './relay/types.ts'
export {
  createSession,
  DEFAULT_REQUEST_TIMEOUT_MS,
  MAX_SESSION_PLAINTEXT_BYTES,
  type RequestArguments,
  type RequestHandler,
  type Session,
  type SessionEvents,
  type SessionOptions,
} from './session/createSession.ts'
export { type RestoreSessionsOptions, restoreSessions } from './session/restoreSessions.ts'
export { PairingError, type PairingErrorCode } from './session/SessionError.ts'
export type { SessionRecord, SessionRole } from './session/sessionRecord.ts'
export {
  createIndexedDbSessionStore,
  type IndexedDbSessionStoreOptions,
} from './storage/createIndexedDbSessionStore.ts'
export { createMemorySessionStore } from './storage/createMemorySessionStore.ts'
export {
  type LoadRelayIdentityOptions,
  loadRelayIdentity,
} from './storage/loadRelayIdentity.ts'
export type { SessionStore } from './storage/SessionStore.ts'
