/**
 * `createSessionManager`: the provider's one relay client and one live dapp session.
 * - At start it looks for a persisted session (docs/SESSION.md#handshake) and resumes it without a
 *   new pairing; with nothing persisted it opens no connection at all.
 * - `pair()` makes a pairing URI (handed to `onPairingUri`), waits for the signer, and adopts the
 *   session; concurrent callers share one pairing. No answer before the URI expires, or a
 *   cancelled pairing, is 4001; an unreachable relay, or pairing code (core loads it on demand)
 *   that cannot be fetched, is 4900.
 * - `close()` is a page unload: the session is detached (it resumes next time), the relay closed.
 * Must never hold two live sessions, nor restore sessions twice for one store.
 */
import {
  createPairing,
  createRelayClient,
  loadRelayIdentity,
  type Pairing,
  PairingError,
  type PeerMetadata,
  type RelayClient,
  type RelayStatus,
  restoreSessions,
  type Session,
  type SessionStore,
  type WebSocketConstructor,
} from '@tessera/core'
import { providerError } from '@tessera/protocol'

/** core's `SessionRecord` key prefix: a store without such a key has nothing to resume. */
const SESSION_KEY_PREFIX = 'session:'

export interface SessionManagerOptions {
  readonly relayUrl: string
  readonly store: SessionStore
  readonly metadata: PeerMetadata
  readonly origin: string
  /** CAIP-2 ids of the chains the pairing asks for. */
  readonly chains: readonly string[]
  /** The methods the pairing asks for (EVM's, plus those of any extra namespace). */
  readonly methods: readonly string[]
  readonly WebSocket?: WebSocketConstructor
  readonly reconnect?: { readonly initialMs?: number; readonly maxMs?: number }
  readonly pairingTtlSeconds?: number
  /** How long `pair()` waits for the relay before 4900. */
  readonly connectTimeoutMs: number
  readonly onSession: (session: Session, resumed: boolean) => void
  readonly onPairingUri: (uri: string) => void
  readonly onRelayStatus: (status: RelayStatus) => void
}

export interface SessionManager {
  /** Settles once the persisted session was looked for (rejects when the store failed). */
  readonly ready: Promise<void>
  session(): Session | undefined
  pair(): Promise<Session>
  cancelPairing(): Promise<void>
  close(): Promise<void>
}

export function createSessionManager(options: SessionManagerOptions): SessionManager {
  let relay: Promise<RelayClient> | undefined
  let session: Session | undefined
  let pairing: Pairing | undefined
  let pending: Promise<Session> | undefined
  let closed = false

  const relayClient = (): Promise<RelayClient> => {
    relay ??= loadRelayIdentity(options.store).then((identity) => {
      const client = createRelayClient({
        url: options.relayUrl,
        identity,
        ...(options.WebSocket === undefined ? {} : { WebSocket: options.WebSocket }),
        ...(options.reconnect === undefined ? {} : { backoff: options.reconnect }),
      })
      client.events.on('status', options.onRelayStatus)
      return client
    })
    return relay
  }

  const adopt = (next: Session, resumed: boolean): void => {
    session = next
    options.onSession(next, resumed)
  }

  const restore = async (): Promise<void> => {
    const keys = await options.store.keys()
    if (!keys.some((key) => key.startsWith(SESSION_KEY_PREFIX))) return
    const client = await relayClient()
    const sessions = await restoreSessions({ store: options.store, relay: client, role: 'dapp' })
    // One session per origin (docs/SESSION.md); if a store holds more, the longest-lived one wins.
    const ours = sessions
      .filter((s) => s.origin === options.origin)
      .sort((a, b) => b.expiry - a.expiry)
    for (const other of sessions) if (other !== ours[0]) other.detach()
    if (closed) {
      ours[0]?.detach()
      return
    }
    if (ours[0] !== undefined) adopt(ours[0], true)
  }

  const ready = restore()
  ready.catch(() => {}) // surfaced through `ready`; requests go on without a resumed session

  const pair = async (): Promise<Session> => {
    await ready.catch(() => {})
    if (session?.active) return session
    const client = await relayClient()
    try {
      await client.waitOnline(options.connectTimeoutMs)
    } catch (cause) {
      throw providerError(
        4900,
        `The relay ${options.relayUrl} is unreachable; try again when online.`,
        { cause },
      )
    }
    let created: Pairing
    try {
      created = await createPairing({
        relay: client,
        store: options.store,
        metadata: options.metadata,
        origin: options.origin,
        chains: options.chains,
        methods: options.methods,
        ...(options.pairingTtlSeconds === undefined
          ? {}
          : { ttlSeconds: options.pairingTtlSeconds }),
      })
    } catch (cause) {
      // core loads the pairing code on demand: a page that went offline (or outlived its
      // deployment) may fail to fetch it, as a relay may drop the subscription.
      throw providerError(4900, 'Pairing could not start; check the connection and try again.', {
        cause,
      })
    }
    pairing = created
    options.onPairingUri(created.uri)
    let approved: Session
    try {
      approved = await created.approved
    } catch (error) {
      if (error instanceof PairingError && error.code === 'Timeout') {
        throw providerError(4001, 'No wallet answered before the pairing code expired.', {
          cause: error,
        })
      }
      throw providerError(4001, 'Pairing was cancelled before a wallet answered.', { cause: error })
    } finally {
      if (pairing === created) pairing = undefined
    }
    if (closed) {
      approved.detach()
      throw providerError(4900, 'The provider was closed while pairing.')
    }
    adopt(approved, false)
    return approved
  }

  return {
    ready,
    session: () => (session?.active ? session : undefined),
    pair() {
      if (closed) return Promise.reject(providerError(4900, 'This provider was closed.'))
      pending ??= pair().finally(() => {
        pending = undefined
      })
      return pending
    },
    async cancelPairing() {
      await pairing?.cancel()
    },
    async close() {
      if (closed) return
      closed = true
      await pairing?.cancel()
      session?.detach()
      session = undefined
      await ready.catch(() => {})
      if (relay !== undefined) await (await relay).close()
    },
  }
}
