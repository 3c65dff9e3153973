/**
 * DKG finish (docs/THRESHOLD.md#dkg: persist only after every party confirmed): check every peer's
 * echo of the reveals and its H("dkg/ok", …); only then release the KeyShare and the public
 * transcript an offline party needs to import its share. The state is wiped afterwards.
 * On secp256k1 it also finishes the pair setup toward each peer of a lower index (its message 3)
 * and releases our pair OT state toward each online peer (docs/THRESHOLD.md#dkg: the OT setup runs
 * inside the DKG), so the key signs with DKLs23 at once; pairs with the offline
 * backup are set up lazily with the standalone `startPairSetup` when it first signs.
 */

import { equalBytes } from '@noble/curves/utils.js'
import { pairBootFinish } from '../dkls23/pairBootstrap.ts'
import type { PairOtState } from '../dkls23/pairState.ts'
import { cleanDkg, expectation, expectStep, fail, guarded, parseRound4 } from './common.ts'
import { checkEcho } from './echo.ts'
import { collectRound } from './envelope.ts'
import type { KeyShare } from './keyShare.ts'
import type { DkgState, DkgTranscript, RevealPackage } from './types.ts'

export function dkgFinish(
  state: DkgState,
  inbound: readonly unknown[],
): {
  keyShare: KeyShare
  transcript: DkgTranscript
  /** secp256k1: our OT state toward each online peer, by peer index (empty on Ed25519). */
  pairs: Record<number, PairOtState>
} {
  expectStep(state, 5, 'dkgFinish')
  return guarded(state, () => {
    const { config } = state
    const sid = state.sid as Uint8Array
    const received = collectRound(inbound, expectation(state, 4, sid), parseRound4(config))
    for (const [j, p] of [...received].sort((a, b) => a[0] - b[0])) {
      checkEcho(
        state.echo3 as NonNullable<DkgState['echo3']>,
        p.echo,
        j,
        config.index,
        config.online,
        3,
      )
      if (!equalBytes(p.ok, state.ok as Uint8Array)) fail(j, `party ${j} confirmed a different key`)
    }
    for (const [j, p] of [...received].sort((a, b) => a[0] - b[0])) {
      const setup = state.pairSetups?.get(j)
      if (setup === undefined || 'receiver' in setup) continue
      if (p.pairCorrection === undefined) fail(j, `no pair-setup correction from party ${j}`)
      const pair = pairBootFinish(setup, { correction: p.pairCorrection })
      state.pairSetups?.delete(j)
      state.pairs?.set(j, pair)
    }
    const result = state.result as NonNullable<DkgState['result']>
    const keyShare: KeyShare = {
      v: 1,
      curve: config.curve,
      keyId: config.keyId,
      epoch: config.epoch,
      index: config.index,
      t: config.t,
      n: config.n,
      secretShare: result.share.slice(),
      publicKey: (state.publicKey as Uint8Array).slice(),
      publicShares: (state.publicShares as Uint8Array[]).map((x) => x.slice()),
      chainCode: (state.chainCode as Uint8Array).slice(),
      zeroSeeds: Object.fromEntries(
        Object.entries(result.zeroSeeds).map(([j, s]) => [Number(j), s.slice()]),
      ),
    }
    const transcript: DkgTranscript = {
      curve: config.curve,
      keyId: config.keyId,
      epoch: config.epoch,
      t: config.t,
      n: config.n,
      online: [...config.online],
      offline: config.offline.map((o) => ({
        index: o.index,
        encryptionKey: o.encryptionKey.slice(),
      })),
      nonces: (state.nonces as Uint8Array[]).map((x) => x.slice()),
      reveals: config.online.map((p) => state.reveals?.get(p) as RevealPackage),
      publicKey: keyShare.publicKey.slice(),
    }
    // Ownership of the pair states moves to the caller; cleanDkg would wipe them.
    const pairs: Record<number, PairOtState> = Object.fromEntries(state.pairs ?? [])
    delete state.pairs
    cleanDkg(state)
    state.step = 'done'
    state.onProgress?.({ step: 5, of: 5, phase: 'done' })
    return { keyShare, transcript, pairs }
  })
}
