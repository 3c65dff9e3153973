/**
 * The ids of the DKLs23 presignatures ready for a key (the presignatures themselves are held by
 * mpc's engine). The vault keeps them in memory only (`memoryPresignaturePool`, beside
 * memoryPresignatures.ts: docs/THRESHOLD.md#presignatures, rollback safety). `presignaturePool`
 * is the IndexedDB variant: `claim` takes one id out in ONE readwrite transaction, so two tabs
 * never pick the same one. Ids are public (hex of the presignature sid), so neither is sealed.
 */
import { promisifyRequest } from 'idb-keyval'
import { VaultReadError } from '../errors.ts'
import type { RecordKey, VaultDatabase } from './database.ts'

export type PresignaturePool = {
  /** Adds a ready presignature id for the key `handle`. */
  add(handle: string, id: string): Promise<void>
  /** Removes and returns one ready id, oldest first, or undefined when the pool is empty. */
  claim(handle: string): Promise<string | undefined>
  /** How many ids are ready. */
  size(handle: string): Promise<number>
  /** Forgets every id of a key (its share switched epoch or was deleted). */
  clear(handle: string): Promise<void>
}

const ID = /^[0-9a-f]{64}$/

/**
 * The pool the vault uses: ids in memory only, beside the presignatures themselves
 * (memoryPresignatures.ts), so a restored store snapshot names none.
 */
export function memoryPresignaturePool(): PresignaturePool {
  const pools = new Map<string, string[]>()
  const of = (handle: unknown) => pools.get(slotOf(handle)[1]) ?? []
  return {
    async add(handle, id) {
      const current = of(handle)
      if (typeof id !== 'string' || !ID.test(id)) {
        throw new TypeError('presignature id expected 64 lower-case hex characters')
      }
      if (current.includes(id)) throw new RangeError(`presignature "${id}" is already pooled`)
      pools.set(handle, [...current, id])
    },
    async claim(handle) {
      const [first, ...rest] = of(handle)
      pools.set(handle, rest)
      return first
    },
    async size(handle) {
      return of(handle).length
    },
    async clear(handle) {
      slotOf(handle)
      pools.delete(handle)
    },
  }
}

function ids(slot: RecordKey, value: unknown): string[] {
  if (value === undefined) return []
  if (!Array.isArray(value) || !value.every((id) => typeof id === 'string' && ID.test(id))) {
    throw new VaultReadError(`vault pool "${slot[1]}" is malformed`)
  }
  return value as string[]
}

function slotOf(handle: unknown): RecordKey {
  if (typeof handle !== 'string' || handle.length === 0 || handle.length > 128) {
    throw new TypeError('key handle expected a string of 1 to 128 characters')
  }
  return ['pool', handle]
}

export function presignaturePool(db: VaultDatabase): PresignaturePool {
  return {
    async add(handle, id) {
      const slot = slotOf(handle)
      if (typeof id !== 'string' || !ID.test(id)) {
        throw new TypeError('presignature id expected 64 lower-case hex characters')
      }
      await db.transaction('readwrite', async (store) => {
        const current = ids(slot, await promisifyRequest(store.get(slot)))
        if (current.includes(id)) throw new RangeError(`presignature "${id}" is already pooled`)
        await promisifyRequest(store.put([...current, id], slot))
      })
    },
    async claim(handle) {
      const slot = slotOf(handle)
      return db.transaction('readwrite', async (store) => {
        const [first, ...rest] = ids(slot, await promisifyRequest(store.get(slot)))
        if (first !== undefined) await promisifyRequest(store.put(rest, slot))
        return first
      })
    },
    async size(handle) {
      const slot = slotOf(handle)
      const value = await db.transaction('readonly', (store) => promisifyRequest(store.get(slot)))
      return ids(slot, value).length
    },
    async clear(handle) {
      const slot = slotOf(handle)
      await db.transaction('readwrite', (store) => promisifyRequest(store.delete(slot)))
    },
  }
}
