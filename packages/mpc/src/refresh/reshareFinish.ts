/**
 * Re-share finish (docs/THRESHOLD.md#refresh: keep old and new shares until every party
 * acknowledged the new public state, then switch and erase old shares): check every participant's
 * echo of the dealings and its ack; only with all of them does a dealer switch (resolveRefresh,
 * which erases the old share) and the target keep its new share. Also returns the public transcript
 * offline parties need (applyOfflineRefresh).
 */

import { equalBytes } from '@noble/curves/utils.js'
import { checkEcho } from '../dkg/echo.ts'
import { collectRound } from '../dkg/envelope.ts'
import type { KeyShare } from '../dkg/keyShare.ts'
import { MpcError } from '../errors.ts'
import type { PendingRefresh } from './refreshApply.ts'
import { resolveRefresh } from './refreshCommit.ts'
import type { RefreshDealing } from './refreshDeal.ts'
import { expectation, expectStep, guarded, parseRound4, participants } from './reshareCommon.ts'
import type { ReshareState, ReshareTranscript } from './reshareTypes.ts'

export function reshareFinish(
  state: ReshareState,
  inbound: readonly unknown[],
): { keyShare: KeyShare; transcript: ReshareTranscript } {
  expectStep(state, 5, 'reshareFinish')
  return guarded(state, () => {
    const { config } = state
    const sid = state.sid as Uint8Array
    const pending = state.pending as PendingRefresh
    const received = collectRound(inbound, expectation(state, 4, sid), parseRound4(config))
    const acks = [...received].sort((a, b) => a[0] - b[0])
    for (const [j, p] of acks) {
      checkEcho(
        state.echo3 as NonNullable<ReshareState['echo3']>,
        p.echo,
        j,
        config.index,
        config.dealers,
        3,
      )
      if (!equalBytes(p.ack, pending.ack)) {
        throw new MpcError('Abort', `party ${j} acknowledged a different refreshed state`, {
          culprit: j,
        })
      }
    }
    let keyShare = pending.share
    if (state.share !== undefined) {
      const decision = resolveRefresh(
        { current: state.share, pending },
        acks.map(([index, p]) => ({ index, ack: p.ack })),
        participants(config),
      )
      if (decision.action !== 'switch') throw new MpcError('Abort', 'not every party acknowledged')
      keyShare = decision.record.current
    }
    const transcript: ReshareTranscript = {
      protocol: config.protocol,
      keyId: config.record.keyId,
      epoch: config.record.epoch,
      dealers: [...config.dealers],
      target: config.target,
      offline: config.offline.map((o) => ({
        index: o.index,
        encryptionKey: o.encryptionKey.slice(),
      })),
      nonces: (state.nonces as Uint8Array[]).map((x) => x.slice()),
      dealings: config.dealers.map((p) => state.dealings?.get(p) as RefreshDealing),
      ack: pending.ack.slice(),
    }
    delete state.pending
    state.step = 'done'
    return { keyShare, transcript }
  })
}
