/**
 * Re-share round 3 (docs/THRESHOLD.md#refresh-backup-recovery): with every dealer's commitment in
 * hand, each dealer opens its dealing to every other participant with the echo of round 2 and one
 * confidential value: g_i(k) to a dealer k, and to the recovery target r the masked contribution
 * c_i = λ_i(r)·x_i + g_i(r) (λ over the dealers at point r). The random g_i(r) hides x_i from the
 * target; the c_i sum to the new share x'_r, so no party ever holds two shares. The target only
 * listens. The values must travel inside the end-to-end encrypted transport.
 */
import { broadcastDigest, makeEcho } from '../dkg/echo.ts'
import { collectRound } from '../dkg/envelope.ts'
import { lagrangeAtPoint } from '../dkg/polynomial.ts'
import { randomBytes } from '../encoding/random.ts'
import { decodeScalar, encodeScalar, modN } from '../encoding/scalars.ts'
import {
  dealingCommit,
  expectation,
  expectStep,
  guarded,
  parseRound2,
  participants,
} from './reshareCommon.ts'
import type { ReshareMessage, ReshareRound3Payload, ReshareState } from './reshareTypes.ts'

export function reshareReveal(
  state: ReshareState,
  inbound: readonly unknown[],
): { state: ReshareState; messages: ReshareMessage[] } {
  expectStep(state, 3, 'reshareReveal')
  return guarded(state, () => {
    const { config, share } = state
    const { curve } = config.record
    const sid = state.sid as Uint8Array
    const received = collectRound(inbound, expectation(state, 2, sid), parseRound2)
    const commits = new Map([...received].map(([j, p]) => [j, p.commit] as const))
    if (state.dealing !== undefined) commits.set(config.index, dealingCommit(sid, state.dealing))
    const echo2 = makeEcho(
      sid,
      2,
      config.dealers.map((p) => broadcastDigest(sid, 2, p, [commits.get(p) as Uint8Array])),
    )
    state.commits = commits
    state.echo2 = echo2
    state.step = 4
    if (share === undefined) return { state, messages: [] }
    const dealing = state.dealing as NonNullable<ReshareState['dealing']>
    const deltas = state.deltas as Map<number, Uint8Array>
    const messages = participants(config)
      .filter((p) => p !== config.index)
      .map((to) => {
        let payload: ReshareRound3Payload
        if (to === config.target) {
          const x = decodeScalar(curve, share.secretShare, 'secretShare')
          const lambda = lagrangeAtPoint(curve, config.dealers, config.index, BigInt(to))
          const g = decodeScalar(curve, deltas.get(to), 'delta', { allowZero: true })
          const value = encodeScalar(curve, modN(curve, lambda * x + g))
          payload = { dealing, value, echo: echo2 }
          if (curve === 'secp256k1') {
            state.seedOut = randomBytes(32, state.rng)
            payload = { ...payload, seed: state.seedOut.slice() }
          }
        } else {
          payload = { dealing, value: (deltas.get(to) as Uint8Array).slice(), echo: echo2 }
        }
        return {
          v: 1 as const,
          protocol: config.protocol,
          keyId: config.record.keyId,
          epoch: config.record.epoch,
          sid: sid.slice(),
          round: 3,
          from: config.index,
          to,
          payload,
        }
      })
    return { state, messages }
  })
}
