/**
 * Re-share round 2 (docs/THRESHOLD.md#refresh-backup-recovery): check every participant holds the
 * same public state, form the sid from every nonce, and (dealers) deal a zero-constant polynomial
 * g_i with Feldman commitments, broadcasting only a hash commitment to the dealing so no dealer
 * can choose its polynomial after seeing another's. The target only listens in this round.
 */

import { equalBytes } from '@noble/curves/utils.js'
import { collectRound } from '../dkg/envelope.ts'
import { MpcError } from '../errors.ts'
import { refreshDeal } from './refreshDeal.ts'
import {
  dealingCommit,
  expectation,
  expectStep,
  guarded,
  parseRound1,
  participants,
  reshareSid,
  stateDigest,
} from './reshareCommon.ts'
import type { ReshareMessage, ReshareState } from './reshareTypes.ts'

export function reshareCommit(
  state: ReshareState,
  inbound: readonly unknown[],
): { state: ReshareState; messages: ReshareMessage[] } {
  expectStep(state, 2, 'reshareCommit')
  return guarded(state, () => {
    const { config, rng } = state
    const received = collectRound(inbound, expectation(state, 1, new Uint8Array(0)), parseRound1)
    const mine = stateDigest(config.record)
    for (const [j, p] of [...received].sort((a, b) => a[0] - b[0])) {
      if (!equalBytes(p.state, mine)) {
        throw new MpcError('Abort', `party ${j} holds another public state (key or epoch)`, {
          culprit: j,
        })
      }
    }
    const nonces = participants(config).map((p) =>
      p === config.index ? state.nonce : (received.get(p)?.nonce as Uint8Array),
    )
    const sid = reshareSid(config, nonces)
    state.sid = sid
    state.nonces = nonces.map((x) => x.slice())
    state.step = 3
    if (state.share === undefined) return { state, messages: [] }
    const { dealing, deltas } = refreshDeal(state.share, {
      sid,
      offline: config.offline,
      ...(rng === undefined ? {} : { rng }),
    })
    state.dealing = dealing
    state.deltas = deltas
    const commit = dealingCommit(sid, dealing)
    const messages = participants(config)
      .filter((p) => p !== config.index)
      .map((to) => ({
        v: 1 as const,
        protocol: config.protocol,
        keyId: config.record.keyId,
        epoch: config.record.epoch,
        sid: sid.slice(),
        round: 2,
        from: config.index,
        to,
        payload: { commit: commit.slice() },
      }))
    return { state, messages }
  })
}
