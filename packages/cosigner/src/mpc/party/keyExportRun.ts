/**
 * The full-key export (docs/COSIGNER.md#key-export), one round:
 *   r1 {keyId, epoch, confirmation} → {share}
 * The only run in which the co-signer's share leaves it. It refuses unless the device sends the
 * exact confirmation sentence the user accepted (`EXPORT_CONFIRMATION` of @tessera/mpc/dangerous)
 * and names the key's current epoch, and unless this identity's policy allows `export` now
 * (`methods` lists it AND an `exportWindow` is open: the default policy has neither, so export is
 * refused until the identity's policy opens a window). The policy decision is audited, then an
 * `export` record is appended BEFORE the share is written to the reply: an export that happened is
 * always on the audit chain. The share scalar travels inside the Noise channel to the device,
 * which combines it with its own (and checks the public key) in its engine.
 */
import { EXPORT_CONFIRMATION } from '@tessera/mpc/dangerous'
import { CosignerError } from '../../errors.ts'
import type { MpcRun } from '../mpcParty.ts'
import { keySummary, loadCurrent, type PartyDeps } from './partyRecords.ts'
import type { MpcRunContext } from './partyServices.ts'
import { readRequest, writeReply } from './payload.ts'

export function keyExportRun(deps: PartyDeps, context: MpcRunContext): MpcRun {
  return {
    async step(round, payload) {
      if (round !== 1) throw new Error(`key-export has no round ${round}`)
      const request = readRequest('key-export', 1, payload)
      if (request.confirmation !== EXPORT_CONFIRMATION)
        throw new CosignerError(
          'BadRequest',
          `key-export: "confirmation" must be the exact sentence "${EXPORT_CONFIRMATION}"`,
        )
      const { record } = await loadCurrent(deps, context.identity, request.keyId, request.epoch)
      const { share } = record
      try {
        await context.authorize({ method: 'export' })
        await context.audit('export', { ...keySummary(share), released: 'cosigner-share' })
        return { payload: writeReply('key-export', 1, { share: share.secretShare }), done: true }
      } finally {
        share.secretShare.fill(0)
        for (const seed of Object.values(share.zeroSeeds)) seed.fill(0)
      }
    },
    abort() {},
  }
}
