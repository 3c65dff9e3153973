/**
 * `loadRelaySeed`: the relay client's Ed25519 seed from the store, created on first use. The seed
 * is the client's stable relay identity (its mailbox), so it is persisted; it is kept as a
 * `Uint8Array` and never logged or turned into hex.
 */
import type { SessionStore } from './SessionStore.ts'

export const RELAY_SEED_KEY = 'relay:seed'

export async function loadRelaySeed(
  store: SessionStore,
  randomBytes: (length: number) => Uint8Array = (n) =>
    globalThis.crypto.getRandomValues(new Uint8Array(n)),
): Promise<Uint8Array> {
  const stored = await store.get(RELAY_SEED_KEY)
  if (stored instanceof Uint8Array && stored.length === 32) return stored
  const seed = randomBytes(32)
  await store.set(RELAY_SEED_KEY, seed)
  return seed
}
