/**
 * Proactive refresh, receiving side: verify every dealing (constant commitment must be the
 * identity, so the key cannot move; each delta must match its dealer's commitments), then form the
 * pending share x' = x + Σ g_i(index) at epoch + 1 with X'_k = X_k + Σ g_i(k)·G, and the ack
 * H("refresh/ok", sid, epoch', PK, X'_1..X'_n) every party must confirm before switching
 * (two-phase commit in refreshCommit.ts). Does not touch the current share.
 */
import { type KeyShare, validateKeyShare } from '../dkg/keyShare.ts'
import { evalCommitments } from '../dkg/polynomial.ts'
import { u32be } from '../encoding/codec.ts'
import { curveInfo, type GroupElement } from '../encoding/curve.ts'
import { decodePoint, encodePoint, isExplicitIdentity, mulBase } from '../encoding/points.ts'
import { decodeScalar, encodeScalar, modN } from '../encoding/scalars.ts'
import { MpcError } from '../errors.ts'
import { taggedHash } from '../hash/tagged.ts'
import { TAGS } from '../hash/tags.ts'
import type { RefreshDealing } from './refreshDeal.ts'

export type PendingRefresh = {
  readonly share: KeyShare
  readonly ack: Uint8Array
  readonly sid: Uint8Array
}

export function refreshAck(sid: Uint8Array, share: KeyShare): Uint8Array {
  return taggedHash(TAGS.refreshOk, sid, u32be(share.epoch), share.publicKey, ...share.publicShares)
}

export function refreshApply(
  share: KeyShare,
  sid: Uint8Array,
  dealings: readonly RefreshDealing[],
  deltasToMe: ReadonlyMap<number, Uint8Array>,
): PendingRefresh {
  const { curve, t, n, index } = share
  if (dealings.length < 2) throw new MpcError('Malformed', 'refresh needs at least two dealers')
  const seen = new Set<number>()
  let x = decodeScalar(curve, share.secretShare, 'secretShare')
  let shifts: GroupElement[] = Array.from({ length: n }, () => curveInfo(curve).identity)
  for (const d of dealings) {
    const from = d.from
    if (!Number.isSafeInteger(from) || from < 1 || from > n)
      throw new MpcError('Malformed', `invalid dealer index ${String(from)}`)
    if (seen.has(from))
      throw new MpcError('Malformed', `duplicate dealing from ${from}`, { culprit: from })
    seen.add(from)
    if (!Array.isArray(d.commitments) || d.commitments.length !== t) {
      throw new MpcError('Malformed', `dealing from ${from} needs ${t} commitments`, {
        culprit: from,
      })
    }
    // docs/THRESHOLD.md#refresh: check the constant commitment is the identity (else the key would
    // move).
    if (!isExplicitIdentity(curve, d.commitments[0] as Uint8Array)) {
      throw new MpcError('Abort', `refresh polynomial of party ${from} has a non-zero constant`, {
        culprit: from,
      })
    }
    let C: GroupElement[]
    let delta: bigint
    try {
      C = [
        curveInfo(curve).identity,
        ...d.commitments.slice(1).map((c, k) => decodePoint(curve, c, `commitments[${k + 1}]`)),
      ]
      delta = decodeScalar(curve, deltasToMe.get(from), 'delta', { allowZero: true })
    } catch (cause) {
      throw new MpcError('Malformed', `invalid dealing from ${from}: ${(cause as Error).message}`, {
        culprit: from,
        cause,
      })
    }
    if (!mulBase(curve, delta).equals(evalCommitments(curve, C, BigInt(index)))) {
      throw new MpcError(
        'Abort',
        `refresh delta from party ${from} does not match its commitments`,
        { culprit: from },
      )
    }
    x = modN(curve, x + delta)
    shifts = shifts.map((S, k) => S.add(evalCommitments(curve, C, BigInt(k + 1))))
  }
  const next: KeyShare = {
    ...share,
    epoch: share.epoch + 1,
    secretShare: encodeScalar(curve, x),
    publicShares: share.publicShares.map((X, k) =>
      encodePoint(
        curve,
        decodePoint(curve, X, `publicShares[${k}]`).add(shifts[k] as GroupElement),
      ),
    ),
    zeroSeeds: Object.fromEntries(
      Object.entries(share.zeroSeeds).map(([j, s]) => [Number(j), s.slice()]),
    ),
  }
  try {
    validateKeyShare(next)
  } catch (cause) {
    throw new MpcError(
      'Abort',
      `refreshed share fails the key checks: ${(cause as Error).message}`,
      { cause },
    )
  }
  return { share: next, ack: refreshAck(sid, next), sid: sid.slice() }
}
