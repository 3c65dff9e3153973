/**
 * `createMemorySessionStore`: a `SessionStore` in memory, for Node and tests. Values are
 * structured-cloned on the way in and out, as IndexedDB does, so no caller can change a stored
 * session by keeping a reference. Must never be used where a reload must resume a session.
 */
import type { SessionStore } from './SessionStore.ts'

export function createMemorySessionStore(): SessionStore {
  const data = new Map<string, unknown>()
  return {
    get: async (key) => (data.has(key) ? structuredClone(data.get(key)) : undefined),
    set: async (key, value) => {
      data.set(key, structuredClone(value))
    },
    delete: async (key) => {
      data.delete(key)
    },
    keys: async () => [...data.keys()],
  }
}
