/**
 * Fresh pairwise F_Zero seeds (DKLs23 §3.1) for a share that did not come from the DKG: a key
 * imported with `@tessera/mpc/dangerous` (`importMnemonic`, `splitExistingKeyIntoShares`) carries
 * seeds dealt by the one device that split it, which therefore knows every pair's seed. Before such
 * a share signs, each party replaces them:
 * 1. `zeroSeedContributions(share)`: one random 32-byte value per peer; send each to its peer over
 *    the end-to-end encrypted channel, and keep them;
 * 2. `withZeroSeeds(share, sent, received)`: seed_ij = H(keyId, epoch, lo, hi, c_lo→hi, c_hi→lo),
 *    the same on both sides of the pair and unknown to anyone who saw only one direction.
 * Pure. Contributions are secrets: never log them, and wipe them after step 2.
 */
import { abytes, utf8ToBytes } from '@noble/hashes/utils.js'
import type { KeyShare } from '../dkg/keyShare.ts'
import { u32be } from '../encoding/codec.ts'
import { type Rng, randomBytes } from '../encoding/random.ts'
import { taggedHash } from '../hash/tagged.ts'
import { TAGS } from '../hash/tags.ts'

/** The other parties of the key (every index but ours), ascending. */
function peersOf(share: KeyShare): number[] {
  return Array.from({ length: share.n }, (_, k) => k + 1).filter((j) => j !== share.index)
}

/** One fresh random contribution toward each peer, keyed by the peer's index. */
export function zeroSeedContributions(share: KeyShare, rng?: Rng): Record<number, Uint8Array> {
  if (share.curve !== 'secp256k1') throw new TypeError('zero seeds are used on secp256k1 only')
  return Object.fromEntries(peersOf(share).map((j) => [j, randomBytes(32, rng)]))
}

/**
 * A copy of `share` whose zero seeds are derived from what we `sent` each peer and what each peer
 * sent us (`received`); every peer of the key must be present in both.
 */
export function withZeroSeeds(
  share: KeyShare,
  sent: Readonly<Record<number, Uint8Array>>,
  received: Readonly<Record<number, Uint8Array>>,
): KeyShare {
  if (share.curve !== 'secp256k1') throw new TypeError('zero seeds are used on secp256k1 only')
  const keyId = utf8ToBytes(share.keyId)
  const zeroSeeds: Record<number, Uint8Array> = {}
  for (const j of peersOf(share)) {
    const ours = abytes(sent[j] as Uint8Array, 32, `sent[${j}]`)
    const theirs = abytes(received[j] as Uint8Array, 32, `received[${j}]`)
    const lo = Math.min(share.index, j)
    const hi = Math.max(share.index, j)
    // Both sides order the two contributions by sender (lo's first), so they hash the same bytes.
    const [fromLo, fromHi] = share.index === lo ? [ours, theirs] : [theirs, ours]
    zeroSeeds[j] = taggedHash(
      TAGS.zeroSeedSetup,
      keyId,
      u32be(share.epoch),
      Uint8Array.of(lo, hi),
      fromLo,
      fromHi,
    )
  }
  return { ...share, zeroSeeds }
}
