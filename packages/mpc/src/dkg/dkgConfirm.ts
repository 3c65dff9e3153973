/**
 * DKG round 4 (docs/THRESHOLD.md#dkg): check every peer's echo of round 2, that its reveal opens
 * its commitment, its proof of knowledge, its share f_j(i) against its Feldman commitments and its
 * zero-seed opening; then compute x_i, PK, X_1..X_n, cc and the zero seeds, run the key checks
 * (x_i·G = X_i, x_i ∉ {0,1}, PK ∉ {O,G}, every t-window interpolates to PK) and send
 * H("dkg/ok", sid, PK, X_1..X_n, cc) with the echo of the round-3 reveals.
 * On secp256k1, for each peer of a higher index, check its pair-setup message 2 (the bootstrap OT
 * extension) and send message 3 (direction 2's correction) with the confirmation; the pair states
 * are held until `dkgFinish` releases them with the key share.
 */

import { equalBytes } from '@noble/curves/utils.js'
import { type PairBootMessage3, pairBootCheck } from '../dkls23/pairBootstrap.ts'
import type { PairOtState } from '../dkls23/pairState.ts'
import { curveInfo, type GroupElement } from '../encoding/curve.ts'
import { decodePoint, encodePoint, mulBase } from '../encoding/points.ts'
import { decodeScalar, encodeScalar, modN } from '../encoding/scalars.ts'
import { MpcError } from '../errors.ts'
import {
  chainCodeOf,
  expectation,
  expectStep,
  fail,
  guarded,
  okHash,
  parseRound3,
  peersOf,
  revealCommit,
  revealParts,
  zeroCommit,
  zeroSeed,
} from './common.ts'
import { broadcastDigest, checkEcho, makeEcho } from './echo.ts'
import { collectRound, type Envelope, envelope } from './envelope.ts'
import { validatePublicKeyState } from './keyShare.ts'
import { evalCommitments, evalPolynomial } from './polynomial.ts'
import { verifyPok } from './proofOfKnowledge.ts'
import type { DkgRound4Payload, DkgState, RevealPackage } from './types.ts'

function decodeCommitments(state: DkgState, from: number, pkg: RevealPackage): GroupElement[] {
  try {
    return pkg.commitments.map((c, k) => decodePoint(state.config.curve, c, `commitments[${k}]`))
  } catch (cause) {
    throw new MpcError('Malformed', `party ${from} sent invalid commitments`, {
      culprit: from,
      cause,
    })
  }
}

export function dkgConfirm(
  state: DkgState,
  inbound: readonly unknown[],
): { state: DkgState; messages: Envelope<DkgRound4Payload>[] } {
  expectStep(state, 4, 'dkgConfirm')
  return guarded(state, () => {
    const { config } = state
    const { curve, index, t, n } = config
    const sid = state.sid as Uint8Array
    const received = collectRound(inbound, expectation(state, 3, sid), parseRound3(config))
    const reveals = new Map<number, RevealPackage>([[index, state.reveal as RevealPackage]])
    const coefficients = (state.coefficients ?? []).map((a) =>
      decodeScalar(curve, a, 'a', { allowZero: true }),
    )
    let x = evalPolynomial(curve, coefficients, BigInt(index))
    coefficients.fill(0n)
    let aggregate = decodeCommitments(state, index, state.reveal as RevealPackage)
    const peerSeeds = new Map<number, Uint8Array>()
    const pairs = new Map<number, PairOtState>()
    state.pairs = pairs
    const corrections = new Map<number, PairBootMessage3>()
    for (const [j, p] of [...received].sort((a, b) => a[0] - b[0])) {
      checkEcho(state.echo2 as NonNullable<DkgState['echo2']>, p.echo, j, index, config.online, 2)
      if (!equalBytes(revealCommit(sid, j, p.reveal), state.commits?.get(j) as Uint8Array)) {
        fail(j, `reveal from party ${j} does not open its round-2 commitment`)
      }
      const C = decodeCommitments(state, j, p.reveal)
      let pokOk = false
      try {
        pokOk = verifyPok(curve, sid, j, p.reveal.commitments[0] as Uint8Array, p.reveal.proof)
      } catch (cause) {
        throw new MpcError('Malformed', `party ${j} sent an undecodable proof`, {
          culprit: j,
          cause,
        })
      }
      if (!pokOk) fail(j, `invalid proof of knowledge from party ${j}`)
      let fji: bigint
      try {
        fji = decodeScalar(curve, p.share, 'share', { allowZero: true })
      } catch (cause) {
        throw new MpcError('Malformed', `party ${j} sent a non-canonical share`, {
          culprit: j,
          cause,
        })
      }
      if (!mulBase(curve, fji).equals(evalCommitments(curve, C, BigInt(index)))) {
        fail(j, `share from party ${j} does not match its commitments`)
      }
      x = modN(curve, x + fji)
      if (curve === 'secp256k1') {
        const r = p.zeroSeed as Uint8Array
        if (!equalBytes(zeroCommit(sid, j, index, r), state.zeroCommits?.get(j) as Uint8Array)) {
          fail(j, `zero-seed contribution from party ${j} does not open its commitment`)
        }
        const mine = state.zeroOut?.get(j) as Uint8Array
        peerSeeds.set(
          j,
          j < index ? zeroSeed(sid, j, index, r, mine) : zeroSeed(sid, index, j, mine, r),
        )
      }
      const setup = state.pairSetups?.get(j)
      if (setup !== undefined && 'receiver' in setup) {
        if (p.pairAnswer === undefined) fail(j, `no pair-setup answer from party ${j}`)
        // Base OT rejects an invalid or identity A (Malformed); a failed extension check is an
        // Abort; both name j. The check runs before anything is derived from the extension.
        const checked = pairBootCheck(setup, p.pairAnswer)
        state.pairSetups?.delete(j)
        pairs.set(j, checked.pair)
        corrections.set(j, checked.message)
      }
      aggregate = aggregate.map((A, k) => A.add(C[k] as GroupElement))
      reveals.set(j, p.reveal)
    }
    for (const o of config.offline) {
      const mine = state.zeroOut?.get(o.index)
      if (mine !== undefined) peerSeeds.set(o.index, zeroSeed(sid, index, o.index, mine))
    }
    const info = curveInfo(curve)
    const PK = aggregate[0] as GroupElement
    // docs/THRESHOLD.md#dkg checks. A failure here cannot be pinned on one dealer.
    if (PK.is0() || PK.equals(info.base)) throw new MpcError('Abort', 'group key is O or G')
    if (x === 0n || x === 1n) throw new MpcError('Abort', 'our share is 0 or 1')
    const publicKey = encodePoint(curve, PK)
    const publicShares = Array.from({ length: n }, (_, k) =>
      encodePoint(curve, evalCommitments(curve, aggregate, BigInt(k + 1))),
    )
    if (!mulBase(curve, x).equals(decodePoint(curve, publicShares[index - 1], 'X_i'))) {
      throw new MpcError('Abort', 'x_i·G ≠ X_i')
    }
    const chainCode = chainCodeOf(
      sid,
      config.online.map((p) => (reveals.get(p) as RevealPackage).chainCode),
    )
    validatePublicKeyState({
      curve,
      keyId: config.keyId,
      epoch: config.epoch,
      t,
      n,
      publicKey,
      publicShares,
      chainCode,
    })
    const echo3 = makeEcho(
      sid,
      3,
      config.online.map((p) =>
        broadcastDigest(sid, 3, p, revealParts(reveals.get(p) as RevealPackage)),
      ),
    )
    const ok = okHash(sid, publicKey, publicShares, chainCode)
    state.reveals = reveals
    state.echo3 = echo3
    state.ok = ok
    state.result = { share: encodeScalar(curve, x), zeroSeeds: Object.fromEntries(peerSeeds) }
    state.publicKey = publicKey
    state.publicShares = publicShares
    state.chainCode = chainCode
    for (const c of state.coefficients ?? []) c.fill(0)
    delete state.coefficients
    const base = {
      protocol: 'dkg' as const,
      keyId: config.keyId,
      epoch: config.epoch,
      sid,
      round: 4,
      from: index,
    }
    const messages = peersOf(config).map((j) => {
      const correction = corrections.get(j)?.correction
      const payload = { echo: echo3, ok: ok.slice() }
      return envelope(
        base,
        j,
        correction === undefined ? payload : { ...payload, pairCorrection: correction },
      )
    })
    state.step = 5
    state.onProgress?.({ step: 4, of: 5, phase: 'confirm' })
    return { state, messages }
  })
}
