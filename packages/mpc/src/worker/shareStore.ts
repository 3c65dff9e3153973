/**
 * The Worker's pluggable share store (ARCHITECTURE.md "Parties and trust": shares live in the
 * Worker; the signer plugs IndexedDB, the co-signer its database). A record holds serialised key
 * shares (keyShareCodec v1) and, during a refresh or re-share, the pending share of the two-phase
 * commit (THRESHOLD.md "Refresh, backup, recovery"). Implementations encrypt at rest; this file's
 * in-memory default never logs or exports what it holds.
 */

/** What the store keeps per handle. Bytes only: structured-clone and IndexedDB friendly. */
export type StoredKey = {
  /** serializeKeyShare(current share). */
  readonly share: Uint8Array
  /** A refreshed share waiting for every party's ack (two-phase commit), with its ack and sid. */
  readonly pending?: {
    readonly share: Uint8Array
    readonly ack: Uint8Array
    readonly sid: Uint8Array
  }
}

export interface ShareStore {
  get(handle: string): Promise<StoredKey | undefined> | StoredKey | undefined
  /** Must be durable when it resolves (the engine releases acks right after). */
  put(handle: string, record: StoredKey): Promise<void> | void
  delete(handle: string): Promise<void> | void
}

function copy(record: StoredKey): StoredKey {
  const { pending } = record
  return pending === undefined
    ? { share: record.share.slice() }
    : {
        share: record.share.slice(),
        pending: {
          share: pending.share.slice(),
          ack: pending.ack.slice(),
          sid: pending.sid.slice(),
        },
      }
}

/** In-memory store (tests, Node); copies on the way in and out so callers cannot alias it. */
export function memoryShareStore(): ShareStore {
  const entries = new Map<string, StoredKey>()
  return {
    get: (handle) => {
      const found = entries.get(handle)
      return found === undefined ? undefined : copy(found)
    },
    put: (handle, record) => {
      const old = entries.get(handle)
      entries.set(handle, copy(record))
      if (old !== undefined) wipeRecord(old)
    },
    delete: (handle) => {
      const old = entries.get(handle)
      entries.delete(handle)
      if (old !== undefined) wipeRecord(old)
    },
  }
}

export function wipeRecord(record: StoredKey): void {
  record.share.fill(0)
  record.pending?.share.fill(0)
}
