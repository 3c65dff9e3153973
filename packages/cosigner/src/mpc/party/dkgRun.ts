/**
 * DKG with the device (THRESHOLD.md "DKG"): the co-signer is party 2 of the online set the signer
 * names; the offline backup's X25519 key comes from the signer (its share is ECIES-encrypted to it
 * inside the DKG). After every party confirmed, our share is stored `pending`; when the signer
 * reports its own share stored (round 4) the key becomes `active`. Audited with the public key.
 * Refuses a key id this identity already has.
 */
import {
  cleanDkg,
  type DkgState,
  dkgCommit,
  dkgConfirm,
  dkgFinish,
  dkgReveal,
  dkgStart,
  type KeyShare,
  type OfflineParty,
} from '@tessera/mpc'
import { CosignerError } from '../../errors.ts'
import { dropPendingKeys, getActiveKey } from '../../storage/keys.ts'
import type { MpcRun, MpcRunContext } from '../mpcParty.ts'
import { activate, keySummary, type PartyDeps, storeNewShare } from './partyRecords.ts'
import { bytes, COSIGNER_INDEX, type Fields, int, list, str } from './payload.ts'
import { stagedRun } from './stagedRun.ts'

interface DkgRunState {
  dkg: DkgState
  offline: OfflineParty[]
  share?: KeyShare
}

export function dkgRun(deps: PartyDeps, context: MpcRunContext): MpcRun {
  const keyId = context.keyId as string
  const what = 'dkg round 1'
  return stagedRun<DkgRunState>(context, {
    name: 'dkg',
    async start(fields: Fields) {
      const curve = str(fields, what, 'curve')
      if (curve !== 'secp256k1' && curve !== 'ed25519')
        throw new CosignerError('BadRequest', `${what}: "curve" must be secp256k1 or ed25519`)
      if (await getActiveKey(deps.db, context.identity, keyId))
        throw new CosignerError('Conflict', `key ${keyId} already exists for this identity`)
      await dropPendingKeys(deps.db, context.identity, keyId)
      const offline = list(fields, what, 'offline').map((o, k) => {
        const entry = (o ?? {}) as Fields
        const where = `${what} offline[${k}]`
        return {
          index: int(entry, where, 'index'),
          encryptionKey: bytes(entry, where, 'encryptionKey', 32),
        }
      })
      const online = list(fields, what, 'online').map((i) => i as number)
      const { state, messages } = dkgStart({
        curve,
        keyId,
        t: int(fields, what, 't'),
        n: int(fields, what, 'n'),
        index: COSIGNER_INDEX,
        online,
        offline,
      })
      return { state: { dkg: state, offline }, messages }
    },
    commit: (s, inbound) => dkgCommit(s.dkg, inbound).messages,
    reveal: (s, inbound) => dkgReveal(s.dkg, inbound).messages,
    confirm: async (s, inbound) => dkgConfirm(s.dkg, inbound).messages,
    async finish(s, inbound) {
      const { keyShare } = dkgFinish(s.dkg, inbound)
      s.share = keyShare
      await storeNewShare(deps, context.identity, keyShare, s.offline, 'pending')
      await context.audit('dkg', { ...keySummary(keyShare), status: 'pending' })
      return { publicKey: keyShare.publicKey }
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
