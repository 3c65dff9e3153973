/**
 * Test helper for the rollback tests: a "disk" of share records (what survives a reload) whose
 * whole content can be copied and later restored, as a restored IndexedDB backup would be.
 */
import { memoryShareStore, type ShareStore, type StoredKey } from '@tessera/mpc/worker'

export function snapshotDisk(): {
  readonly store: ShareStore
  readonly snapshot: () => Promise<ShareStore>
} {
  const store = memoryShareStore()
  const { handles } = store
  if (handles === undefined) throw new Error('the memory share store lists no handles')
  const snapshot = async () => {
    const copy = memoryShareStore()
    for (const h of await handles()) await copy.put(h, (await store.get(h)) as StoredKey)
    return copy
  }
  return { store, snapshot }
}
