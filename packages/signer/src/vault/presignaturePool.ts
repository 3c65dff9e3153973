/**
 * The ids of the DKLs23 presignatures ready for a key (the presignatures themselves live sealed in
 * the key's record, owned by mpc's engine). `claim` takes one id out of the pool in ONE readwrite
 * transaction, so two tabs never pick the same one; the engine still marks the presignature
 * consumed by compare-and-swap before w_i leaves (idbShareStore.ts), which is what guards the
 * secret. Ids are public (hex of the presignature sid), so the pool is not sealed.
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
