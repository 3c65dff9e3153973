/**
 * The vault's IndexedDB: one database per vault with one object store `records` keyed by
 * `[kind, id]` arrays. `transaction(mode, body)` runs `body` inside ONE transaction and resolves
 * only when that transaction has committed, with `durability: 'strict'` for writes (the engine
 * releases acks, w_i and signature shares right after a write resolves). `body` must not await
 * anything but requests of the same transaction (IndexedDB commits a transaction left idle), so
 * encryption happens before and after, never inside. Failures are errors, never empty results.
 */
import { promisifyRequest } from 'idb-keyval'
import { VaultClosedError, VaultReadError } from '../errors.ts'

export type RecordKind = 'meta' | 'share'
export type RecordKey = [RecordKind, string]

const STORE = 'records'
const VERSION = 1

export type VaultDatabase = {
  readonly name: string
  transaction<T>(mode: IDBTransactionMode, body: (store: IDBObjectStore) => Promise<T>): Promise<T>
  close(): void
}

/** Opens (creating on first use) the IndexedDB database that backs the vault `name`. */
export async function openVaultDatabase(name: string): Promise<VaultDatabase> {
  if (typeof name !== 'string' || name.length === 0 || name.length > 128) {
    throw new TypeError('"vault" expected a name of 1 to 128 characters')
  }
  const request = indexedDB.open(`tessera-vault:${name}`, VERSION)
  request.onupgradeneeded = () => {
    if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE)
  }
  let db: IDBDatabase
  try {
    db = await promisifyRequest(request)
  } catch (cause) {
    throw new VaultReadError(`vault "${name}": IndexedDB could not be opened`, { cause })
  }
  let closed = false
  return {
    name,
    async transaction(mode, body) {
      if (closed) throw new VaultClosedError(name)
      const tx = db.transaction(STORE, mode, {
        durability: mode === 'readonly' ? 'default' : 'strict',
      })
      const done = promisifyRequest(tx)
      let result: Awaited<ReturnType<typeof body>>
      try {
        result = await body(tx.objectStore(STORE))
      } catch (error) {
        // Roll back whatever the body wrote; the transaction may have finished already.
        try {
          tx.abort()
        } catch {}
        await done.catch(() => undefined)
        throw error
      }
      try {
        await done
      } catch (cause) {
        throw new VaultReadError(`vault "${name}": IndexedDB transaction failed`, { cause })
      }
      return result
    },
    close() {
      closed = true
      db.close()
    },
  }
}
