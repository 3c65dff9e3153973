/**
 * DKG round 2 (docs/THRESHOLD.md#dkg): form the sid from every nonce, sample f_i of degree t-1, its
 * Feldman commitments and a proof of knowledge of f_i(0), the chain-code contribution, the
 * encrypted dealings for offline parties, and broadcast only a hash commitment to all of it
 * (commit–reveal, so no dealer can choose its polynomial after seeing another's).
 * On secp256k1 also commit to a pairwise zero-seed contribution per peer and, to each peer of a
 * higher index, send the bootstrapped pair setup's message 1 (docs/THRESHOLD.md#dkg: the pairwise
 * OT setup runs in the same rounds), its pair sid derived from this DKG sid; offline parties set up
 * their pairs lazily when they first sign.
 */

import { concatBytes } from '@noble/hashes/utils.js'
import { eciesSeal } from '../backup/ecies.ts'
import {
  type PairBootReceiverState,
  type PairBootSenderState,
  pairBootStart,
} from '../dkls23/pairBootstrap.ts'
import { encodePoint } from '../encoding/points.ts'
import { randomBytes } from '../encoding/random.ts'
import { encodeScalar, randomScalar } from '../encoding/scalars.ts'
import { deriveSid } from '../hash/sid.ts'
import {
  backupAad,
  expectation,
  expectStep,
  guarded,
  parseRound1,
  peersOf,
  revealCommit,
  sidContext,
  zeroCommit,
} from './common.ts'
import { collectRound, type Envelope, envelope } from './envelope.ts'
import { commitPolynomial, evalPolynomial, randomPolynomial } from './polynomial.ts'
import { provePok } from './proofOfKnowledge.ts'
import type { DkgRound2Payload, DkgState, RevealPackage } from './types.ts'

export function dkgCommit(
  state: DkgState,
  inbound: readonly unknown[],
): { state: DkgState; messages: Envelope<DkgRound2Payload>[] } {
  expectStep(state, 2, 'dkgCommit')
  return guarded(state, () => {
    const { config, rng } = state
    const { curve, index } = config
    const received = collectRound(
      inbound,
      expectation(state, 1, new Uint8Array(0)),
      parseRound1(config),
    )
    const nonces = config.online.map((p) =>
      p === index ? state.nonce : (received.get(p)?.nonce as Uint8Array),
    )
    const sid = deriveSid({
      protocol: 'dkg',
      keyId: config.keyId,
      epoch: config.epoch,
      parties: config.online,
      nonces,
      context: sidContext(config),
    })
    const coefficients = randomPolynomial(curve, randomScalar(curve, rng), config.t, rng)
    const commitments = commitPolynomial(curve, coefficients).map((C) => encodePoint(curve, C))
    const proof = provePok(
      curve,
      sid,
      index,
      coefficients[0] as bigint,
      commitments[0] as Uint8Array,
      rng,
    )
    const zeroOut = new Map<number, Uint8Array>()
    const backups = config.offline.map(({ index: k, encryptionKey }) => {
      const share = encodeScalar(curve, evalPolynomial(curve, coefficients, BigInt(k)))
      const parts = [share]
      if (curve === 'secp256k1') {
        const r = randomBytes(32, rng)
        zeroOut.set(k, r)
        parts.push(r)
      }
      const plaintext = concatBytes(...parts)
      const ciphertext = eciesSeal(encryptionKey, plaintext, backupAad(sid, index, k), rng)
      plaintext.fill(0)
      share.fill(0)
      return { to: k, ciphertext }
    })
    const reveal: RevealPackage = {
      commitments,
      proof,
      chainCode: randomBytes(32, rng),
      backups,
    }
    const commit = revealCommit(sid, index, reveal)
    state.sid = sid
    state.nonces = nonces.map((x) => x.slice())
    state.coefficients = coefficients.map((a) => encodeScalar(curve, a))
    coefficients.fill(0n)
    state.reveal = reveal
    const base = {
      protocol: 'dkg' as const,
      keyId: config.keyId,
      epoch: config.epoch,
      sid,
      round: 2,
      from: index,
    }
    const pairSetups = new Map<number, PairBootSenderState | PairBootReceiverState>()
    state.zeroOut = zeroOut
    state.pairSetups = pairSetups
    const messages = peersOf(config).map((j) => {
      if (curve !== 'secp256k1') return envelope(base, j, { commit: commit.slice() })
      const r = randomBytes(32, rng)
      zeroOut.set(j, r)
      const payload = { commit: commit.slice(), zeroCommit: zeroCommit(sid, index, j, r) }
      // The pair's lower index starts its setup (docs/THRESHOLD.md#dkg); the higher answers in
      // round 3.
      if (!config.pairSetup || j < index) return envelope(base, j, payload)
      const setup = pairBootStart({
        self: index,
        peer: j,
        keyId: config.keyId,
        epoch: config.epoch,
        sid,
        ...(rng === undefined ? {} : { rng }),
      })
      pairSetups.set(j, setup.state)
      return envelope(base, j, { ...payload, pairChoice: setup.message })
    })
    state.step = 3
    state.onProgress?.({ step: 2, of: 5, phase: 'commit' })
    return { state, messages }
  })
}
