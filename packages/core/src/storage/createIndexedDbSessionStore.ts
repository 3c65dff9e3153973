/**
 * `createIndexedDbSessionStore`: a `SessionStore` in the browser's IndexedDB through idb-keyval
 * (docs/ARCHITECTURE.md#storage-and-scale). Values are stored by structured clone: keys stay
 * `Uint8Array`. Browser only: must never be called where `indexedDB` is absent.
 */
import { createStore, del, get, keys, set } from 'idb-keyval'
import type { SessionStore } from './SessionStore.ts'

export interface IndexedDbSessionStoreOptions {
  /** Database name; default `tessera`. */
  readonly database?: string
  /** Object store name; default `sessions`. */
  readonly store?: string
}

export function createIndexedDbSessionStore(
  options: IndexedDbSessionStoreOptions = {},
): SessionStore {
  const store = createStore(options.database ?? 'tessera', options.store ?? 'sessions')
  return {
    get: (key) => get(key, store),
    set: (key, value) => set(key, value, store),
    delete: (key) => del(key, store),
    keys: async () => (await keys(store)).filter((k): k is string => typeof k === 'string'),
  }
}
