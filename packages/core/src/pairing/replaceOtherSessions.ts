/**
 * `replaceOtherSessions`: docs/SESSION.md's "one session per dapp origin": once a new session for
 * an origin is established, the older sessions of the same role and origin in the store are
 * disconnected (their peer is told) and deleted. Never touches the session it keeps, sessions of
 * other origins, or sessions of the other role.
 */
import { restoreTransport } from '@tessera/noise/transport'
import type { RelayClient } from '../relay/createRelayClient.ts'
import type { Clock } from '../relay/types.ts'
import { createSession, type Session } from '../session/createSession.ts'
import { readSessionRecord, SESSION_KEY_PREFIX } from '../session/sessionRecord.ts'
import type { SessionStore } from '../storage/SessionStore.ts'

export async function replaceOtherSessions(parameters: {
  readonly store: SessionStore
  readonly relay: RelayClient
  readonly clock: Clock
  readonly keep: Session
}): Promise<number> {
  const { store, relay, clock, keep } = parameters
  let replaced = 0
  for (const key of await store.keys()) {
    if (!key.startsWith(SESSION_KEY_PREFIX)) continue
    const record = readSessionRecord(await store.get(key))
    if (record === undefined || record.topic === keep.topic) continue
    if (record.role !== keep.role || record.origin !== keep.origin) continue
    const old = createSession({
      record,
      transport: restoreTransport(record.transport),
      relay,
      store,
      clock,
    })
    await old.disconnect()
    replaced++
  }
  return replaced
}
