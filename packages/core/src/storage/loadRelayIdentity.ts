/**
 * `loadRelayIdentity`: the relay client's Ed25519 identity from the store, created on first use.
 * It is the client's stable relay identity (its mailbox), so it is persisted:
 * - where WebCrypto has Ed25519, as a key pair whose private half is a non-extractable
 *   `CryptoKey` (`relay:key`; IndexedDB keeps CryptoKeys by structured clone), so no script,
 *   not even ours, can read the private key back;
 * - otherwise (mini-programs), and for a store that cannot hold a CryptoKey, as a 32-byte seed
 *   (`relay:seed`), kept as a `Uint8Array` and never logged or turned into hex.
 * A seed stored by an earlier version is used as it is: the identity never changes on upgrade.
 */
import {
  generateRelayKeyPair,
  isRelayKeyPair,
  platformSubtle,
  type RelayCryptoOptions,
  type RelayIdentity,
  relayIdentityFromKeyPair,
  relayIdentityFromSeed,
} from '../relay/relayIdentity.ts'
import type { SessionStore } from './SessionStore.ts'

export const RELAY_KEY_PAIR_KEY = 'relay:key'
export const RELAY_SEED_KEY = 'relay:seed'

export interface LoadRelayIdentityOptions extends RelayCryptoOptions {
  /** Default `crypto.getRandomValues`. */
  readonly randomBytes?: (length: number) => Uint8Array
}

export async function loadRelayIdentity(
  store: SessionStore,
  options: LoadRelayIdentityOptions = {},
): Promise<RelayIdentity> {
  const subtle = platformSubtle(options)
  const pair = await store.get(RELAY_KEY_PAIR_KEY)
  if (subtle !== null && isRelayKeyPair(pair)) return relayIdentityFromKeyPair(pair, subtle)
  const stored = await store.get(RELAY_SEED_KEY)
  if (stored instanceof Uint8Array && stored.length === 32) {
    return relayIdentityFromSeed(stored, { subtle })
  }
  const created = subtle === null ? undefined : await generateRelayKeyPair(subtle)
  if (subtle !== null && created !== undefined) {
    await store.set(RELAY_KEY_PAIR_KEY, created)
    // A store that cannot keep a CryptoKey (one that serialises to JSON) would lose the identity
    // on every load: only a key pair that comes back intact is used; otherwise a seed is.
    if (isRelayKeyPair(await store.get(RELAY_KEY_PAIR_KEY))) {
      return relayIdentityFromKeyPair(created, subtle)
    }
    await store.delete(RELAY_KEY_PAIR_KEY)
  }
  const randomBytes =
    options.randomBytes ?? ((n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n)))
  const seed = randomBytes(32)
  await store.set(RELAY_SEED_KEY, seed)
  return relayIdentityFromSeed(seed, { subtle })
}
