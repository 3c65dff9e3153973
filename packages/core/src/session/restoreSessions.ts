/**
 * `restoreSessions`: after a reload, every persisted session of the store comes back without
 * re-pairing (docs/SESSION.md#handshake step 5): the record is validated, the Noise transport
 * restored (keys, counters, replay window), the session topic subscribed again. Expired sessions
 * and unreadable records are deleted, not returned. Must never restore a session twice in one
 * page for the same store (two live copies would reuse nonces): call it once at start-up.
 */
import { restoreTransport } from '@tessera/noise/transport'
import type { RelayClient } from '../relay/createRelayClient.ts'
import { defaultClock } from '../relay/defaultClock.ts'
import type { Clock } from '../relay/types.ts'
import type { SessionStore } from '../storage/SessionStore.ts'
import { createSession, type RequestHandler, type Session } from './createSession.ts'
import { readSessionRecord, SESSION_KEY_PREFIX, type SessionRole } from './sessionRecord.ts'

export interface RestoreSessionsOptions {
  readonly store: SessionStore
  readonly relay: RelayClient
  /** Only sessions of this role (a page may be both, in tests). */
  readonly role: SessionRole
  readonly clock?: Clock
  readonly onRequest?: RequestHandler
}

export async function restoreSessions(options: RestoreSessionsOptions): Promise<Session[]> {
  const { store, relay } = options
  const clock = options.clock ?? defaultClock
  const sessions: Session[] = []
  for (const key of await store.keys()) {
    if (!key.startsWith(SESSION_KEY_PREFIX)) continue
    const record = readSessionRecord(await store.get(key))
    if (record === undefined) {
      await store.delete(key)
      continue
    }
    if (record.role !== options.role || record.relay !== relay.url) continue
    if (clock.now() / 1000 >= record.expiry) {
      await store.delete(key)
      continue
    }
    let transport: ReturnType<typeof restoreTransport>
    try {
      transport = restoreTransport(record.transport)
    } catch {
      await store.delete(key)
      continue
    }
    sessions.push(
      createSession({
        record,
        transport,
        relay,
        store,
        clock,
        ...(options.onRequest === undefined ? {} : { onRequest: options.onRequest }),
      }),
    )
  }
  return sessions
}
