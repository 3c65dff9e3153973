/**
 * Rollback safety for DKLs23 presignatures (docs/THRESHOLD.md#presignatures): the device keeps
 * its presignatures in Worker memory only. This ShareStore wrapper takes `presignatures` out of
 * every record before it reaches the persistent store (IndexedDB) and puts the in-memory ones
 * back into what `get` returns, so mpc's engine stores, consumes and finds them as before, but no
 * copy of the store — a backup of the browser profile, a restored IndexedDB, a second tab —
 * ever holds one. A restored old snapshot therefore cannot sign with a presignature again; a
 * reload costs one presign (two round trips) before the next one-round-trip signature. Their
 * consumed markers live here too: the id of a used presignature is never accepted twice in
 * this Worker, and the co-signer's own consumption (committed before its w leaves) refuses it
 * everywhere else.
 */
import type { ShareStore, StoredKey } from '@tessera/mpc/worker'

type Presignatures = NonNullable<StoredKey['presignatures']>

const copyAll = (all: Presignatures): Record<string, Uint8Array> =>
  Object.fromEntries(Object.entries(all).map(([id, bytes]) => [id, bytes.slice()]))

const wipe = (all: Presignatures | undefined) => {
  for (const bytes of Object.values(all ?? {})) bytes.fill(0)
}

export function withMemoryPresignatures(store: ShareStore): ShareStore {
  const memory = new Map<string, Record<string, Uint8Array>>()
  return {
    async get(handle) {
      const record = await store.get(handle)
      if (record === undefined) return undefined
      // A record persisted before this rule may still carry presignatures: never used.
      wipe(record.presignatures)
      const { presignatures: _persisted, ...rest } = record
      const held = memory.get(handle)
      return held === undefined ? rest : { ...rest, presignatures: copyAll(held) }
    },
    async put(handle, record) {
      const { presignatures, ...rest } = record
      // Copied now: the engine wipes what it passed once put resolves.
      const kept =
        presignatures === undefined || Object.keys(presignatures).length === 0
          ? undefined
          : copyAll(presignatures)
      try {
        await store.put(handle, rest)
      } catch (error) {
        wipe(kept)
        throw error
      }
      wipe(memory.get(handle))
      if (kept === undefined) memory.delete(handle)
      else memory.set(handle, kept)
    },
    async delete(handle) {
      wipe(memory.get(handle))
      memory.delete(handle)
      await store.delete(handle)
    },
    // The stored handles, when the wrapped store lists them (the second-index refusal needs it).
    ...(store.handles === undefined ? {} : { handles: store.handles.bind(store) }),
  }
}
