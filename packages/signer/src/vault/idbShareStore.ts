/**
 * mpc's ShareStore on the vault's IndexedDB, each record sealed as one AES-GCM ciphertext beside a
 * clear revision number. mpc's engine changes a record by get → edit → put (a presignature
 * consumed, a pair banned or saved, a presignature stored); this store makes that a
 * compare-and-swap: `get` remembers which revision each returned record (its `share`, `pairs` and
 * `presignatures` objects) came from, and `put` of a record derived from it checks, inside the
 * same readwrite transaction that writes, that the stored revision is still that one. So two
 * engines (tabs) racing to consume one presignature cannot both succeed: the loser gets
 * ConcurrentWriteError and releases nothing. A put of a record not derived from a read (a new
 * share, a switched epoch) is unconditional; the vault's Web Lock keeps other writers out.
 * `handles()` lists the stored share handles (keys only, nothing opened), so mpc's engine refuses
 * to store a second index of a key this vault already holds (docs/THRESHOLD.md#recovery).
 */

import type { ShareStore, StoredKey } from '@tessera/mpc/worker'
import { promisifyRequest } from 'idb-keyval'
import { ConcurrentWriteError, VaultReadError } from '../errors.ts'
import type { RecordKey, VaultDatabase } from './database.ts'
import { decodeStoredKey, encodeStoredKey } from './recordCodec.ts'
import type { Sealed, Sealer } from './sealing.ts'

type Row = { readonly revision: number; readonly sealed: Sealed }

function checkHandle(handle: unknown): string {
  if (typeof handle !== 'string' || handle.length === 0 || handle.length > 128) {
    throw new TypeError('key handle expected a string of 1 to 128 characters')
  }
  return handle
}

function checkRow(slot: RecordKey, value: unknown): Row {
  const row = value as Partial<Row> | null
  if (row === null || typeof row !== 'object' || !Number.isSafeInteger(row.revision)) {
    throw new VaultReadError(`vault record ${slot[0]} "${slot[1]}" is malformed`)
  }
  return row as Row
}

export function idbShareStore(db: VaultDatabase, sealer: Sealer): ShareStore {
  /** The revision each object handed out by `get` was read at. */
  const readAt = new WeakMap<object, number>()

  function revisionOf(record: StoredKey): number | undefined {
    for (const part of [record.share, record.pairs, record.presignatures]) {
      const found = part === undefined ? undefined : readAt.get(part)
      if (found !== undefined) return found
    }
    return undefined
  }

  return {
    async get(handle) {
      const slot: RecordKey = ['share', checkHandle(handle)]
      const value = await db.transaction('readonly', (store) => promisifyRequest(store.get(slot)))
      if (value === undefined) return undefined
      const row = checkRow(slot, value)
      const plain = await sealer.open(slot, row.sealed)
      let record: StoredKey
      try {
        record = decodeStoredKey(plain)
      } catch (cause) {
        throw new VaultReadError(`vault record share "${handle}" does not decode`, { cause })
      } finally {
        plain.fill(0)
      }
      for (const part of [record.share, record.pairs, record.presignatures]) {
        if (part !== undefined) readAt.set(part, row.revision)
      }
      return record
    },

    async put(handle, record) {
      const slot: RecordKey = ['share', checkHandle(handle)]
      const expected = revisionOf(record)
      const plain = encodeStoredKey(record)
      let sealed: Sealed
      try {
        sealed = await sealer.seal(slot, plain)
      } finally {
        plain.fill(0)
      }
      await db.transaction('readwrite', async (store) => {
        const current = await promisifyRequest(store.get(slot))
        const revision = current === undefined ? 0 : checkRow(slot, current).revision
        if (expected !== undefined && expected !== revision) {
          throw new ConcurrentWriteError(`key record "${handle}"`)
        }
        await promisifyRequest(store.put({ revision: revision + 1, sealed } satisfies Row, slot))
      })
    },

    async delete(handle) {
      const slot: RecordKey = ['share', checkHandle(handle)]
      await db.transaction('readwrite', (store) => promisifyRequest(store.delete(slot)))
    },

    async handles() {
      // Every ['share', handle] key: arrays compare element-wise, and [] sorts after any string.
      const range = IDBKeyRange.bound(['share'], ['share', []])
      const keys = await db.transaction('readonly', (store) =>
        promisifyRequest(store.getAllKeys(range)),
      )
      return keys.map((key) => (key as RecordKey)[1])
    },
  }
}
