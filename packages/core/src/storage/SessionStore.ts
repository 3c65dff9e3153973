/**
 * The storage contract of the package: a small async key-value store of structured-clone-able
 * values (sessions keep `Uint8Array` keys and `bigint` counters as they are, never as hex).
 * IndexedDB in browsers (`createIndexedDbSessionStore`), memory in Node and tests
 * (`createMemorySessionStore`), or any implementation of this interface. Types only.
 */
export interface SessionStore {
  get(key: string): Promise<unknown>
  set(key: string, value: unknown): Promise<void>
  delete(key: string): Promise<void>
  keys(): Promise<string[]>
}
