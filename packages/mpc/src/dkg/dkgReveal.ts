/**
 * DKG round 3 (docs/THRESHOLD.md#dkg): having every commitment, open ours to every peer together
 * with its private evaluation f_i(j), our zero-seed contribution, and the echo of round 2's
 * commitments. f_i(j) is confidential: the envelope must travel inside the end-to-end encrypted
 * transport. On secp256k1 also answer the pair-setup message 1 of each peer of a lower index (its
 * base-OT choices) with message 2 (reply, correction and the bootstrap OT extension).
 */
import { pairBootAnswer } from '../dkls23/pairBootstrap.ts'
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
    const answers = new Map<number, DkgRound3Payload['pairAnswer']>()
    for (const [j, p] of [...received].sort((a, b) => a[0] - b[0])) {
      commits.set(j, p.commit)
      if (p.zeroCommit !== undefined) zeroCommits.set(j, p.zeroCommit)
      if (p.pairChoice !== undefined) {
        // Base OT checks each received point (invalid, identity, r_0 = r_1), naming j.
        const { rng } = state
        const answer = pairBootAnswer(
          {
            self: index,
            peer: j,
            keyId: config.keyId,
            epoch: config.epoch,
            sid,
            ...(rng === undefined ? {} : { rng }),
          },
          p.pairChoice,
        )
        state.pairSetups?.set(j, answer.state)
        answers.set(j, answer.message)
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
      const answer = answers.get(j)
      if (r === undefined) return envelope(base, j, payload)
      const withSeed = { ...payload, zeroSeed: r.slice() }
      return envelope(
        base,
        j,
        answer === undefined ? withSeed : { ...withSeed, pairAnswer: answer },
      )
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
