/**
 * DKG round 3 (docs/THRESHOLD.md#dkg): having every commitment, open ours to every peer together
 * with its private evaluation f_i(j), our zero-seed contribution, and the echo of round 2's
 * commitments. f_i(j) is confidential: the envelope must travel inside the end-to-end encrypted
 * transport. On secp256k1 also answer each peer's pair-setup message 1 (its base-OT choices) with
 * message 2.
 */
import { respondPairSetup } from '../dkls23/pairSetup.ts'
import { decodeScalar, encodeScalar } from '../encoding/scalars.ts'
import { expectation, expectStep, guarded, parseRound2, peersOf, revealCommit } from './common.ts'
import { broadcastDigest, makeEcho } from './echo.ts'
import { collectRound, type Envelope, envelope } from './envelope.ts'
import { evalPolynomial } from './polynomial.ts'
import type { DkgRound3Payload, DkgState, RevealPackage } from './types.ts'

export function dkgReveal(
  state: DkgState,
  inbound: readonly unknown[],
): { state: DkgState; messages: Envelope<DkgRound3Payload>[] } {
  expectStep(state, 3, 'dkgReveal')
  return guarded(state, () => {
    const { config } = state
    const { curve, index } = config
    const sid = state.sid as Uint8Array
    const received = collectRound(inbound, expectation(state, 2, sid), parseRound2(config))
    const commits = new Map<number, Uint8Array>()
    const zeroCommits = new Map<number, Uint8Array>()
    const replies = new Map<number, DkgRound3Payload['pairReply']>()
    for (const [j, p] of [...received].sort((a, b) => a[0] - b[0])) {
      commits.set(j, p.commit)
      if (p.zeroCommit !== undefined) zeroCommits.set(j, p.zeroCommit)
      const setup = state.pairSetups?.get(j)
      if (setup !== undefined && p.pairSetup !== undefined) {
        // Base OT checks each received point (invalid, identity, r_0 = r_1), naming j.
        replies.set(j, respondPairSetup(setup, p.pairSetup, state.rng))
      }
    }
    const own = state.reveal as RevealPackage
    commits.set(index, revealCommit(sid, index, own))
    const digests = config.online.map((p) =>
      broadcastDigest(sid, 2, p, [commits.get(p) as Uint8Array]),
    )
    const echo2 = makeEcho(sid, 2, digests)
    const coefficients = (state.coefficients ?? []).map((a) =>
      decodeScalar(curve, a, 'a', { allowZero: true }),
    )
    const base = {
      protocol: 'dkg' as const,
      keyId: config.keyId,
      epoch: config.epoch,
      sid,
      round: 3,
      from: index,
    }
    const messages = peersOf(config).map((j) => {
      const share = encodeScalar(curve, evalPolynomial(curve, coefficients, BigInt(j)))
      const payload: DkgRound3Payload = { reveal: own, share, echo: echo2 }
      const r = state.zeroOut?.get(j)
      const reply = replies.get(j)
      if (r === undefined) return envelope(base, j, payload)
      const withSeed = { ...payload, zeroSeed: r.slice() }
      return envelope(base, j, reply === undefined ? withSeed : { ...withSeed, pairReply: reply })
    })
    coefficients.fill(0n)
    state.commits = commits
    state.zeroCommits = zeroCommits
    state.echo2 = echo2
    state.step = 4
    state.onProgress?.({ step: 3, of: 5, phase: 'reveal' })
    return { state, messages }
  })
}
