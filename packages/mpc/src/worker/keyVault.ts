/**
 * The Worker's view of its share store: opaque random handles → validated KeyShares, with a small
 * in-memory cache of decoded shares (the Worker is the one place secrets may live). Every share is
 * validated when it is first loaded (deserializeKeyShare) and before it is stored. Writes to one
 * handle run one at a time, so a read-modify-write (a presignature consumed, a pair banned) never
 * loses another. Must never hand a KeyShare, a record or their bytes to anything outside the engine.
 */

import { equalBytes } from '@noble/curves/utils.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { type KeyShare, type PublicKeyState, publicKeyState } from '../dkg/keyShare.ts'
import { deserializeKeyShare, serializeKeyShare } from '../dkg/keyShareCodec.ts'
import { type Rng, randomBytes } from '../encoding/random.ts'
import { MpcError } from '../errors.ts'
import { type ShareStore, type StoredKey, wipeRecord } from './shareStore.ts'

/** What the caller may hold about a key: its handle, our index and the public state. */
export type KeyInfo = {
  readonly handle: string
  readonly index: number
  readonly public: PublicKeyState
}

export type KeyVault = ReturnType<typeof createKeyVault>

export function createKeyVault(store: ShareStore, rng: Rng | undefined) {
  const cache = new Map<string, KeyShare>()
  const queues = new Map<string, Promise<unknown>>()

  /** Runs `task` after every earlier write to the same handle has settled. */
  function exclusive<T>(handle: string, task: () => Promise<T>): Promise<T> {
    const run = (queues.get(handle) ?? Promise.resolve()).then(task)
    const tail = run.catch(() => undefined)
    queues.set(handle, tail)
    void tail.then(() => {
      if (queues.get(handle) === tail) queues.delete(handle)
    })
    return run
  }

  async function record(handle: string): Promise<StoredKey> {
    if (typeof handle !== 'string') throw new MpcError('Malformed', 'key handle expected string')
    const found = await store.get(handle)
    if (found === undefined) throw new MpcError('Malformed', `unknown key handle "${handle}"`)
    return found
  }

  async function load(handle: string): Promise<KeyShare> {
    const cached = cache.get(handle)
    if (cached !== undefined) return cached
    const stored = await record(handle)
    const share = deserializeKeyShare(stored.share)
    wipeRecord(stored)
    cache.set(handle, share)
    return share
  }

  /** A share of a key we already hold under another index is refused (never two of one key). */
  async function refuseSecondIndex(share: KeyShare): Promise<void> {
    if (store.handles === undefined) return
    for (const handle of await store.handles()) {
      const stored = await store.get(handle)
      if (stored === undefined) continue
      let other: KeyShare
      try {
        other = deserializeKeyShare(stored.share)
      } finally {
        wipeRecord(stored)
      }
      other.secretShare.fill(0)
      for (const seed of Object.values(other.zeroSeeds)) seed.fill(0)
      if (
        other.keyId === share.keyId &&
        equalBytes(other.publicKey, share.publicKey) &&
        other.index !== share.index
      )
        throw new MpcError(
          'Abort',
          `this vault already holds share ${other.index} of key ${share.keyId}: a second index (${share.index}) of one key is refused`,
        )
    }
  }

  function info(handle: string, share: KeyShare): KeyInfo {
    return { handle, index: share.index, public: publicKeyState(share) }
  }

  return {
    load,
    record,
    async info(handle: string): Promise<KeyInfo> {
      return info(handle, await load(handle))
    },
    /**
     * Stores a new share (validated by serializeKeyShare) under a fresh handle, with the encoded
     * pair OT states a secp256k1 DKG produced.
     */
    async add(share: KeyShare, pairs?: Readonly<Record<number, Uint8Array>>): Promise<KeyInfo> {
      await refuseSecondIndex(share)
      const handle = `key-${bytesToHex(randomBytes(16, rng))}`
      const next: StoredKey = { share: serializeKeyShare(share), ...(pairs ? { pairs } : {}) }
      await store.put(handle, next)
      wipeRecord(next)
      cache.set(handle, share)
      return info(handle, share)
    },
    /**
     * Replaces the share part of the record (two-phase commit steps); drops the decoded cache
     * entry. docs/THRESHOLD.md#refresh: pair OT states and presignatures belong to the current
     * share, so they are kept while it stays the same (phase 1, abandon) and erased when it
     * switches.
     */
    async put(handle: string, next: Pick<StoredKey, 'share' | 'pending'>): Promise<void> {
      await exclusive(handle, async () => {
        const old = await store.get(handle)
        const same = old !== undefined && equalBytes(old.share, next.share)
        const { pairs, presignatures } = same ? old : {}
        await store.put(handle, {
          ...next,
          ...(pairs === undefined ? {} : { pairs }),
          ...(presignatures === undefined ? {} : { presignatures }),
        })
        if (old !== undefined) wipeRecord(old)
      })
      // Not wiped here: an in-flight signature may still hold the cached object.
      cache.delete(handle)
    },
    /** Read-modify-write of the whole record, one at a time per handle; both copies are wiped. */
    async update(handle: string, edit: (current: StoredKey) => StoredKey): Promise<void> {
      await exclusive(handle, async () => {
        const current = await record(handle)
        let next: StoredKey | undefined
        try {
          next = edit(current)
          await store.put(handle, next)
        } finally {
          wipeRecord(current)
          if (next !== undefined) wipeRecord(next)
        }
      })
    },
    async remove(handle: string): Promise<void> {
      await exclusive(handle, async () => {
        await store.delete(handle)
      })
      cache.delete(handle)
    },
  }
}
