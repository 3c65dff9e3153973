/**
 * Re-share round 4 (docs/THRESHOLD.md#refresh-backup-recovery): check every dealer's echo of
 * round 2 and that its dealing opens its commitment, then
 * - dealers: verify each g_j(i) against its commitments (constant commitment must be the
 *   identity, so the key cannot move) and form the pending share x' = x + Σ g_j(i) at epoch + 1
 *   (refreshApply); the caller persists it beside the old share before sending the ack;
 * - the target: verify each contribution, c_j·G = λ_j(r)·X_j + g_j(r)·G (a tampered one names
 *   its dealer), and form x'_r = Σ c_j with X'_k = X_k + Σ g_j(k)·G.
 * Everyone then sends the echo of the dealings and H("refresh/ok", sid, epoch', PK, X'_1..X'_n).
 */

import { equalBytes } from '@noble/curves/utils.js'
import { broadcastDigest, checkEcho, makeEcho } from '../dkg/echo.ts'
import { collectRound } from '../dkg/envelope.ts'
import { type KeyShare, validateKeyShare } from '../dkg/keyShare.ts'
import { evalCommitments, lagrangeAtPoint } from '../dkg/polynomial.ts'
import { curveInfo, type GroupElement } from '../encoding/curve.ts'
import {
  decodePoint,
  encodePoint,
  isExplicitIdentity,
  mulBase,
  mulPublic,
} from '../encoding/points.ts'
import { decodeScalar, encodeScalar, modN } from '../encoding/scalars.ts'
import { MpcError } from '../errors.ts'
import { type PendingRefresh, refreshAck, refreshApply } from './refreshApply.ts'
import type { RefreshDealing } from './refreshDeal.ts'
import {
  cleanReshare,
  dealingCommit,
  dealingParts,
  expectation,
  expectStep,
  guarded,
  parseRound3,
  participants,
  targetSeed,
} from './reshareCommon.ts'
import type { ReshareMessage, ReshareRound3Payload, ReshareState } from './reshareTypes.ts'

/** Decodes a dealing's commitments, refusing a non-identity constant; names the dealer. */
function dealingPoints(state: ReshareState, d: RefreshDealing): GroupElement[] {
  const { curve } = state.config.record
  if (!isExplicitIdentity(curve, d.commitments[0] as Uint8Array)) {
    throw new MpcError('Abort', `refresh polynomial of party ${d.from} has a non-zero constant`, {
      culprit: d.from,
    })
  }
  try {
    return [
      curveInfo(curve).identity,
      ...d.commitments.slice(1).map((c, k) => decodePoint(curve, c, `commitments[${k + 1}]`)),
    ]
  } catch (cause) {
    throw new MpcError('Malformed', `invalid dealing from ${d.from}: ${(cause as Error).message}`, {
      culprit: d.from,
      cause,
    })
  }
}

/** The target's new share from the dealers' masked contributions. */
function targetShare(
  state: ReshareState,
  sid: Uint8Array,
  received: Map<number, ReshareRound3Payload>,
): KeyShare {
  const { record, dealers, index } = state.config
  const { curve, n } = record
  const r = BigInt(index)
  let x = 0n
  let shifts: GroupElement[] = Array.from({ length: n }, () => curveInfo(curve).identity)
  const zeroSeeds: Record<number, Uint8Array> = {}
  for (const j of dealers) {
    const p = received.get(j) as ReshareRound3Payload
    const C = dealingPoints(state, p.dealing)
    let c: bigint
    try {
      c = decodeScalar(curve, p.value, 'value', { allowZero: true })
    } catch (cause) {
      throw new MpcError('Malformed', `party ${j} sent a non-canonical contribution`, {
        culprit: j,
        cause,
      })
    }
    const Xj = decodePoint(curve, record.publicShares[j - 1], `publicShares[${j - 1}]`)
    const expected = mulPublic(curve, Xj, lagrangeAtPoint(curve, dealers, j, r)).add(
      evalCommitments(curve, C, r),
    )
    if (!mulBase(curve, c).equals(expected)) {
      throw new MpcError('Abort', `recovery contribution from party ${j} does not match`, {
        culprit: j,
      })
    }
    x = modN(curve, x + c)
    shifts = shifts.map((S, k) => S.add(evalCommitments(curve, C, BigInt(k + 1))))
    if (p.seed !== undefined) zeroSeeds[j] = targetSeed(sid, j, index, p.seed)
  }
  const share: KeyShare = {
    v: 1,
    curve,
    keyId: record.keyId,
    epoch: record.epoch + 1,
    index,
    t: record.t,
    n,
    secretShare: encodeScalar(curve, x),
    publicKey: record.publicKey.slice(),
    publicShares: record.publicShares.map((X, k) =>
      encodePoint(
        curve,
        decodePoint(curve, X, `publicShares[${k}]`).add(shifts[k] as GroupElement),
      ),
    ),
    chainCode: record.chainCode.slice(),
    zeroSeeds,
  }
  try {
    validateKeyShare(share)
  } catch (cause) {
    throw new MpcError(
      'Abort',
      `recovered share fails the key checks: ${(cause as Error).message}`,
      {
        cause,
      },
    )
  }
  return share
}

export function reshareConfirm(
  state: ReshareState,
  inbound: readonly unknown[],
): { state: ReshareState; messages: ReshareMessage[]; pending: PendingRefresh } {
  expectStep(state, 4, 'reshareConfirm')
  return guarded(state, () => {
    const { config, share } = state
    const sid = state.sid as Uint8Array
    const received = collectRound(inbound, expectation(state, 3, sid), parseRound3(config))
    const dealings = new Map<number, RefreshDealing>()
    if (state.dealing !== undefined) dealings.set(config.index, state.dealing)
    for (const [j, p] of [...received].sort((a, b) => a[0] - b[0])) {
      checkEcho(
        state.echo2 as NonNullable<ReshareState['echo2']>,
        p.echo,
        j,
        config.index,
        config.dealers,
        2,
      )
      if (!equalBytes(dealingCommit(sid, p.dealing), state.commits?.get(j) as Uint8Array)) {
        throw new MpcError(
          'Abort',
          `dealing from party ${j} does not open its round-2 commitment`,
          {
            culprit: j,
          },
        )
      }
      dealings.set(j, p.dealing)
    }
    const ordered = config.dealers.map((p) => dealings.get(p) as RefreshDealing)
    let pending: PendingRefresh
    if (share === undefined) {
      const next = targetShare(state, sid, received)
      pending = { share: next, ack: refreshAck(sid, next), sid: sid.slice() }
    } else {
      const deltas = state.deltas as Map<number, Uint8Array>
      const toMe = new Map([...received].map(([j, p]) => [j, p.value] as const))
      toMe.set(config.index, deltas.get(config.index) as Uint8Array)
      const applied = refreshApply(share, sid, ordered, toMe)
      const target = config.target
      pending =
        target !== undefined && state.seedOut !== undefined
          ? {
              ...applied,
              share: {
                ...applied.share,
                zeroSeeds: {
                  ...applied.share.zeroSeeds,
                  [target]: targetSeed(sid, config.index, target, state.seedOut),
                },
              },
            }
          : applied
    }
    const echo3 = makeEcho(
      sid,
      3,
      ordered.map((d) => broadcastDigest(sid, 3, d.from, dealingParts(d))),
    )
    state.dealings = dealings
    state.echo3 = echo3
    state.pending = pending
    cleanReshare(state)
    state.step = 5
    const messages = participants(config)
      .filter((p) => p !== config.index)
      .map((to) => ({
        v: 1 as const,
        protocol: config.protocol,
        keyId: config.record.keyId,
        epoch: config.record.epoch,
        sid: sid.slice(),
        round: 4,
        from: config.index,
        to,
        payload: { echo: echo3, ack: pending.ack.slice() },
      }))
    return { state, messages, pending }
  })
}
