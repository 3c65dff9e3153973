/**
 * The DKLs23 material kept beside a secp256k1 share (docs/THRESHOLD.md#base-ot-and-ot-extension,
 * "Presignatures"): our pair OT state toward each peer (encodePairOtState v1 or v2, by key handle and
 * peer index) and the presignatures made ahead (encodePresignature v1, by id). The store decides
 * whether a pair may sign; the decoded object is shared per setup, so a Ban wipes the one object
 * every in-flight session uses. A banned pair is stored as its wiped, banned encoding: signing with
 * it is refused until a fresh setup replaces it. A stored presignature is replaced by its consumed
 * marker, durably and under the handle's write lock, before w_i is computed. Nothing here ever
 * leaves the Worker.
 */

import { equalBytes } from '@noble/curves/utils.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import type { KeyShare } from '../dkg/keyShare.ts'
import {
  banPair,
  decodePairOtState,
  encodePairOtState,
  type PairOtState,
} from '../dkls23/pairState.ts'
import type { Presignature } from '../dkls23/presignature.ts'
import {
  decodePresignature,
  encodeConsumedMarker,
  encodePresignature,
} from '../dkls23/presignatureCodec.ts'
import { MpcError } from '../errors.ts'
import { pairOf } from '../ot/extension.ts'
import type { KeyVault } from './keyVault.ts'
import { wipeRecord } from './shareStore.ts'

export type SigningVault = ReturnType<typeof createSigningVault>

/** Encodes pair states for storage and wipes the in-memory originals. */
export function encodePairs(pairs: Readonly<Record<number, PairOtState>>) {
  const out: Record<number, Uint8Array> = {}
  for (const [j, pair] of Object.entries(pairs)) {
    out[Number(j)] = encodePairOtState(pair)
    banPair(pair) // wipes the copy the DKG handed over; the stored one is the only one left
  }
  return out
}

export function createSigningVault(vault: KeyVault) {
  const cache = new Map<string, Map<number, PairOtState>>()

  /** The stored pair states toward `peers` (decoded copies; undefined where none is stored). */
  async function readPairs(handle: string, peers: readonly number[]) {
    const stored = await vault.record(handle)
    try {
      return peers.map((j) => {
        const bytes = stored.pairs?.[j]
        return bytes === undefined ? undefined : decodePairOtState(bytes)
      })
    } finally {
      wipeRecord(stored)
    }
  }

  async function writePair(handle: string, pair: PairOtState): Promise<void> {
    await vault.update(handle, (current) => ({
      ...current,
      pairs: { ...current.pairs, [pair.peer]: encodePairOtState(pair) },
    }))
  }

  /**
   * Persists the Ban of pairs a session marked banned (wiped in memory already), unless a fresh
   * setup has replaced the stored pair meanwhile.
   */
  async function persistBans(handle: string, pairs: readonly PairOtState[]): Promise<void> {
    for (const pair of pairs.filter((p) => p.banned)) {
      await vault.update(handle, (current) => {
        const bytes = current.pairs?.[pair.peer]
        if (bytes === undefined) return current
        const stored = decodePairOtState(bytes)
        banPair(stored)
        if (!equalBytes(stored.setupSid, pair.setupSid)) return current
        return { ...current, pairs: { ...current.pairs, [pair.peer]: encodePairOtState(pair) } }
      })
    }
  }

  return {
    /**
     * Our OT state toward each peer for `share` (the current share of `handle`). Refuses a banned
     * pair with the Ban the signing session would raise, and a missing one as Malformed.
     */
    async pairs(handle: string, share: KeyShare, peers: readonly number[]) {
      let byPeer = cache.get(handle)
      if (byPeer === undefined) {
        byPeer = new Map()
        cache.set(handle, byPeer)
      }
      // The store decides (another engine on the same store may have banned or replaced a pair);
      // the cached object of the same setup is kept so that a Ban here wipes it for every session.
      const fresh = await readPairs(handle, peers)
      const out: Record<number, PairOtState> = {}
      for (const [k, j] of peers.entries()) {
        const stored = fresh[k]
        if (stored === undefined || stored.epoch !== share.epoch || stored.keyId !== share.keyId) {
          if (stored !== undefined) banPair(stored)
          throw new MpcError(
            'Malformed',
            `dkls23: no OT state toward party ${j} for this key and epoch; run startPairSetup first`,
          )
        }
        const cached = byPeer.get(j)
        const storedBanned = stored.banned
        let pair = stored
        if (cached !== undefined && equalBytes(cached.setupSid, stored.setupSid)) {
          if (stored.banned) banPair(cached)
          else banPair(stored) // only wipes the decoded copy: the cached object is the same setup
          pair = cached
        }
        byPeer.set(j, pair)
        if (pair.banned) {
          const refused = `dkls23: pair (${share.index}, ${j}) is banned until a fresh OT setup`
          const where = { culprit: j, pair: pairOf({ self: share.index, peer: j }) }
          // Banned here but not yet in the store (storing it failed): store it now, before the
          // refusal; until that succeeds every use refuses and says so.
          if (!storedBanned) {
            try {
              await persistBans(handle, [pair])
            } catch (cause) {
              throw new MpcError(
                'Ban',
                `${refused} (storing the Ban failed; retried at the next use)`,
                {
                  ...where,
                  cause,
                },
              )
            }
          }
          throw new MpcError('Ban', refused, where)
        }
        out[j] = pair
      }
      return out
    },

    /** Stores a fresh pair state (a new setup replaces an old or banned one). */
    async savePair(handle: string, pair: PairOtState): Promise<void> {
      await writePair(handle, pair)
      cache.get(handle)?.set(pair.peer, pair)
    },

    persistBans,

    /** Moves a ready presignature into the store (the object refuses to sign afterwards). */
    async storePresignature(handle: string, presignature: Presignature): Promise<string> {
      const id = bytesToHex(presignature.id)
      const encoded = encodePresignature(presignature)
      await vault.update(handle, (current) => ({
        ...current,
        presignatures: { ...current.presignatures, [id]: encoded },
      }))
      return id
    },

    /**
     * A stored presignature, ready to sign once, with the `markConsumed` hook that replaces it by
     * its consumed marker only if it is still the ready record this call decoded.
     */
    async openPresignature(handle: string, share: KeyShare, id: string) {
      const stored = await vault.record(handle)
      const bytes = stored.presignatures?.[id]
      let presignature: Presignature
      let checksum: Uint8Array
      try {
        if (bytes === undefined) {
          throw new MpcError('Malformed', `dkls23: unknown presignature "${id}"`)
        }
        checksum = bytes.slice(bytes.length - 32)
        presignature = decodePresignature(bytes, {
          keyId: share.keyId,
          epoch: share.epoch,
          self: share.index,
        })
      } finally {
        wipeRecord(stored)
      }
      const markConsumed = () =>
        vault.update(handle, (current) => {
          const now = current.presignatures?.[id]
          if (now === undefined || !equalBytes(now.subarray(now.length - 32), checksum)) {
            throw new MpcError('Abort', 'dkls23: presignature already used')
          }
          return {
            ...current,
            presignatures: { ...current.presignatures, [id]: encodeConsumedMarker(presignature) },
          }
        })
      return { presignature, markConsumed }
    },

    /** TEST ONLY (the engine's debug hook): copies of the Δ of every stored, unbanned pair. */
    async debugDeltas(handle: string): Promise<Uint8Array[]> {
      const stored = await vault.record(handle)
      try {
        return Object.values(stored.pairs ?? {})
          .map(decodePairOtState)
          .filter((pair) => !pair.banned)
          .map((pair) => {
            const delta = pair.sender.delta.slice()
            banPair(pair) // only wipes this decoded copy
            return delta
          })
      } finally {
        wipeRecord(stored)
      }
    },

    /** Drops the decoded pairs of a key whose share switched or was deleted. */
    forget(handle: string): void {
      cache.delete(handle)
    },
  }
}
