/**
 * The Worker's pluggable share store (docs/ARCHITECTURE.md#parties-and-trust: shares live in the
 * Worker; the signer plugs IndexedDB, the co-signer its database). A record holds serialised key
 * shares (keyShareCodec v1) and, during a refresh or re-share, the pending share of the two-phase
 * commit (docs/THRESHOLD.md#refresh-backup-recovery); on secp256k1 also the DKLs23 material that
 * belongs to the current share: the pair OT states and the presignatures. Implementations encrypt
 * at rest; this file's in-memory default never logs or exports what it holds.
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
  /**
   * secp256k1: encodePairOtState (v1 or v2) of our OT state toward each peer, by peer index. A banned
   * pair stays as its wiped, banned encoding until a fresh pair setup replaces it.
   */
  readonly pairs?: Readonly<Record<number, Uint8Array>>
  /** DKLs23 presignatures by id (hex sid): encodePresignature (v1), or its consumed marker. */
  readonly presignatures?: Readonly<Record<string, Uint8Array>>
}

/**
 * `put` must copy or serialise what it is given: the engine wipes the buffers it passed once the
 * promise resolves.
 */
export interface ShareStore {
  get(handle: string): Promise<StoredKey | undefined> | StoredKey | undefined
  /** Must be durable when it resolves (the engine releases acks and w_i right after). */
  put(handle: string, record: StoredKey): Promise<void> | void
  delete(handle: string): Promise<void> | void
  /**
   * Every stored handle. With it the engine refuses to store a second index of a key it already
   * holds a share of (docs/THRESHOLD.md#recovery: a device never holds two shares of one key).
   */
  handles?(): Promise<readonly string[]> | readonly string[]
}

function copyAll<K extends string | number>(
  entries: Readonly<Record<K, Uint8Array>>,
): Record<K, Uint8Array> {
  return Object.fromEntries(
    Object.entries<Uint8Array>(entries).map(([k, v]) => [k, v.slice()]),
  ) as Record<K, Uint8Array>
}

function copy(record: StoredKey): StoredKey {
  const { pending, pairs, presignatures } = record
  return {
    share: record.share.slice(),
    ...(pending === undefined
      ? {}
      : {
          pending: {
            share: pending.share.slice(),
            ack: pending.ack.slice(),
            sid: pending.sid.slice(),
          },
        }),
    ...(pairs === undefined ? {} : { pairs: copyAll(pairs) }),
    ...(presignatures === undefined ? {} : { presignatures: copyAll(presignatures) }),
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
    handles: () => [...entries.keys()],
  }
}

/** Zeroes every secret-bearing buffer of a record (shares, pair states, presignatures). */
export function wipeRecord(record: StoredKey): void {
  record.share.fill(0)
  record.pending?.share.fill(0)
  for (const bytes of Object.values(record.pairs ?? {})) bytes.fill(0)
  for (const bytes of Object.values(record.presignatures ?? {})) bytes.fill(0)
}
