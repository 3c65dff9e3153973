/**
 * TEST helper: an in-memory ShareStore (the engine's share storage) that a test can scan: every
 * record's current share as `keyId@epoch#index` (and its pending share, marked), to prove what a
 * device holds — e.g. never two indices of one key. Secrets are decoded only to read those fields
 * and wiped at once.
 */
import { deserializeKeyShare } from '@tessera/mpc'
import type { ShareStore, StoredKey } from '@tessera/mpc/worker'

export function scannableStore(): ShareStore & { scan(): string[] } {
  const entries = new Map<string, StoredKey>()
  const copy = (r: StoredKey): StoredKey => structuredClone(r)
  const describe = (bytes: Uint8Array, mark = '') => {
    const share = deserializeKeyShare(bytes)
    share.secretShare.fill(0)
    return `${share.keyId}@${share.epoch}#${share.index}${mark}`
  }
  return {
    get: (handle) => {
      const found = entries.get(handle)
      return found === undefined ? undefined : copy(found)
    },
    put: (handle, record) => {
      entries.set(handle, copy(record))
    },
    delete: (handle) => {
      entries.delete(handle)
    },
    handles: () => [...entries.keys()],
    scan() {
      const out: string[] = []
      for (const record of entries.values()) {
        out.push(describe(record.share))
        if (record.pending !== undefined) out.push(describe(record.pending.share, ' (pending)'))
      }
      return out.sort()
    },
  }
}
