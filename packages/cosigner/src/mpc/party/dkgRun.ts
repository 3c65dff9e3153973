/**
 * DKG with the device (docs/THRESHOLD.md#dkg): the co-signer is party 2 of the online set the
 * signer names; the offline backup's X25519 key comes from the signer (its share is ECIES-encrypted
 * to it inside the DKG; for secp256k1 the same rounds set up the pairwise OT with the device,
 * stored with the share). After every party confirmed, our share is stored `pending` (with a digest
 * of the run's ok hash); when the signer reports its own share stored (round 4) the key becomes
 * `active`. Audited with the public key. Refuses a key id this identity already has.
 * A DKG interrupted between rounds 3 and 4 is resolved here, never dropped silently
 * (resolvePendingDkg.ts): a round 1 of `{pendingAck}` alone completes it (answer `{epoch,
 * publicKey}`, done); a round 1 that starts a new DKG abandons it, audited.
 */
import {
  cleanDkg,
  type DkgState,
  dkgCommit,
  dkgConfirm,
  dkgFinish,
  dkgReveal,
  dkgStart,
  encodePairOtState,
  type KeyShare,
  type OfflineParty,
} from '@tessera/mpc'
import { CosignerError } from '../../errors.ts'
import { getActiveKey } from '../../storage/keys.ts'
import type { MpcRun } from '../mpcParty.ts'
import { activate, keySummary, type PartyDeps, storeNewShare } from './partyRecords.ts'
import type { MpcRunContext } from './partyServices.ts'
import { COSIGNER_INDEX, readRequest, writeReply } from './payload.ts'
import { abandonPendingDkg, completePendingDkg, okDigest } from './resolvePendingDkg.ts'
import { stagedRun } from './stagedRun.ts'

interface DkgRunState {
  dkg: DkgState
  offline: OfflineParty[]
  share?: KeyShare
}

export function dkgRun(deps: PartyDeps, context: MpcRunContext): MpcRun {
  const staged = newDkgRun(deps, context)
  return {
    async step(round, payload) {
      if (round !== 1) return staged.step(round, payload)
      const first = readRequest('dkg', 1, payload)
      if (first.variant === 'start') return staged.step(round, payload)
      // The device finished an interrupted DKG of this key id and stored its share.
      const key = await completePendingDkg(deps, context, context.keyId as string, first.pendingAck)
      return {
        payload: writeReply('dkg', 1, {
          variant: 'completed',
          epoch: key.epoch,
          publicKey: key.publicKey,
        }),
        done: true,
      }
    },
    abort: (reason) => staged.abort(reason),
  }
}

function newDkgRun(deps: PartyDeps, context: MpcRunContext): MpcRun {
  const keyId = context.keyId as string
  const readStart = (payload: Uint8Array) => {
    const first = readRequest('dkg', 1, payload)
    if (first.variant !== 'start') throw new Error('dkg round 1: a completion is not a start')
    return first
  }
  return stagedRun(context, readStart, {
    name: 'dkg',
    async start(first): Promise<{ state: DkgRunState; messages: readonly unknown[] }> {
      const { curve } = first
      if (await getActiveKey(deps.db, context.identity, keyId))
        throw new CosignerError('Conflict', `key ${keyId} already exists for this identity`)
      const offline = first.offline.map((o) => ({ index: o.index, encryptionKey: o.encryptionKey }))
      const online = [...first.online]
      const { state, messages } = dkgStart({
        curve,
        keyId,
        t: first.t,
        n: first.n,
        index: COSIGNER_INDEX,
        online,
        offline,
      })
      try {
        // Parameters accepted: a new DKG of this key id replaces an interrupted one, audited.
        await abandonPendingDkg(deps, context, keyId)
      } catch (error) {
        cleanDkg(state)
        throw error
      }
      return { state: { dkg: state, offline }, messages }
    },
    commit: (s, inbound) => dkgCommit(s.dkg, inbound).messages,
    reveal: (s, inbound) => dkgReveal(s.dkg, inbound).messages,
    confirm: async (s, inbound) => dkgConfirm(s.dkg, inbound).messages,
    async finish(s, inbound) {
      // Every party's ok hash equals ours once dkgFinish returns (it checks them).
      const ok = s.dkg.ok?.slice()
      const { keyShare, pairs } = dkgFinish(s.dkg, inbound)
      s.share = keyShare
      // secp256k1: the DKG's rounds carried the pairwise OT setup with every online peer, so the
      // key signs with DKLs23 at once, without a separate `dkls23-setup`.
      const encoded: Record<number, Uint8Array> = {}
      for (const [peer, pair] of Object.entries(pairs))
        encoded[Number(peer)] = encodePairOtState(pair)
      await storeNewShare(
        deps,
        context.identity,
        keyShare,
        s.offline,
        'pending',
        encoded,
        undefined,
        { okDigest: okDigest(ok as Uint8Array) },
      )
      for (const bytes of Object.values(encoded)) bytes.fill(0)
      await context.audit('dkg', { ...keySummary(keyShare), status: 'pending' })
      return writeReply('dkg', 3, { publicKey: keyShare.publicKey })
    },
    async activate(s) {
      const share = s.share as KeyShare
      await activate(deps, context.identity, keyId, share.epoch)
      await context.audit('dkg', { ...keySummary(share), status: 'active' })
    },
    clean(s) {
      cleanDkg(s.dkg)
      s.share?.secretShare.fill(0)
    },
  })
}
