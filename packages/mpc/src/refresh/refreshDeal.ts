/**
 * Proactive refresh, dealing side (docs/THRESHOLD.md#refresh-backup-recovery): each online party
 * deals a random polynomial g_i of degree t-1 with g_i(0) = 0, publishes Feldman commitments whose
 * constant entry is the explicit identity encoding, and sends g_i(j) to every party j (offline
 * parties get it ECIES-encrypted). `sid` must come from deriveSid over fresh nonces of every
 * participant (protocol "refresh"). The deltas are secret: never log them.
 */

import { abytes } from '@noble/hashes/utils.js'
import { eciesSeal } from '../backup/ecies.ts'
import type { KeyShare } from '../dkg/keyShare.ts'
import { commitPolynomial, evalPolynomial, randomPolynomial } from '../dkg/polynomial.ts'
import { encodePoint, explicitIdentity } from '../encoding/points.ts'
import type { Rng } from '../encoding/random.ts'
import { encodeScalar } from '../encoding/scalars.ts'
import { taggedHash } from '../hash/tagged.ts'
import { TAGS } from '../hash/tags.ts'

export type RefreshDealing = {
  readonly from: number
  /** [O (explicit encoding), a_1·G, …, a_{t-1}·G]. */
  readonly commitments: readonly Uint8Array[]
  /** g_i(k) for offline parties, encrypted to their X25519 keys. */
  readonly backups: readonly { to: number; ciphertext: Uint8Array }[]
}

export function refreshAad(sid: Uint8Array, from: number, to: number): Uint8Array {
  return taggedHash(TAGS.refreshBackupAad, sid, Uint8Array.of(from, to))
}

export function refreshDeal(
  share: KeyShare,
  options: {
    sid: Uint8Array
    offline?: readonly { index: number; encryptionKey: Uint8Array }[]
    rng?: Rng
  },
): { dealing: RefreshDealing; deltas: Map<number, Uint8Array> } {
  const { curve, t, n } = share
  abytes(options.sid, 32, 'sid')
  const g = randomPolynomial(curve, 0n, t, options.rng)
  const commitments = [
    explicitIdentity(curve),
    ...commitPolynomial(curve, g.slice(1)).map((C) => encodePoint(curve, C)),
  ]
  const deltas = new Map<number, Uint8Array>()
  for (let j = 1; j <= n; j++)
    deltas.set(j, encodeScalar(curve, evalPolynomial(curve, g, BigInt(j))))
  g.fill(0n)
  const backups = (options.offline ?? []).map((o) => ({
    to: o.index,
    ciphertext: eciesSeal(
      o.encryptionKey,
      deltas.get(o.index) as Uint8Array,
      refreshAad(options.sid, share.index, o.index),
      options.rng,
    ),
  }))
  return { dealing: { from: share.index, commitments, backups }, deltas }
}
