/**
 * The Worker's view of its share store: opaque random handles → validated KeyShares, with a small
 * in-memory cache of decoded shares (the Worker is the one place secrets may live). Every share is
 * validated when it is first loaded (deserializeKeyShare) and before it is stored. Must never hand
 * a KeyShare or its bytes to anything outside the engine.
 */
import { type KeyShare, type PublicKeyState, publicKeyState } from '../dkg/keyShare.ts'
import { deserializeKeyShare, serializeKeyShare } from '../dkg/keyShareCodec.ts'
import { toHex, wipe } from '../encoding/bytes.ts'
import { type Rng, randomBytes } from '../encoding/random.ts'
import { MpcError } from '../errors.ts'
import type { ShareStore, StoredKey } from './shareStore.ts'

/** What the caller may hold about a key: its handle, our index and the public state. */
export type KeyInfo = {
  readonly handle: string
  readonly index: number
  readonly public: PublicKeyState
}

export type KeyVault = ReturnType<typeof createKeyVault>

export function createKeyVault(store: ShareStore, rng: Rng | undefined) {
  const cache = new Map<string, KeyShare>()

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
    wipe(stored.share, stored.pending?.share)
    cache.set(handle, share)
    return share
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
    /** Stores a new share under a fresh handle (validated by serializeKeyShare). */
    async add(share: KeyShare): Promise<KeyInfo> {
      const handle = `key-${toHex(randomBytes(16, rng))}`
      await store.put(handle, { share: serializeKeyShare(share) })
      cache.set(handle, share)
      return info(handle, share)
    },
    /** Replaces the whole record (two-phase commit steps); drops the decoded cache entry. */
    async put(handle: string, next: StoredKey): Promise<void> {
      // Not wiped here: an in-flight signature may still hold the cached object.
      await store.put(handle, next)
      cache.delete(handle)
    },
    async remove(handle: string): Promise<void> {
      await store.delete(handle)
      cache.delete(handle)
    },
  }
}
