/**
 * The pairwise DKLs23 OT setup between the device (1) and the co-signer (2) for the key's current
 * epoch (docs/THRESHOLD.md#base-ot-and-ot-extension), run after DKG and after every refresh or
 * recovery: each side is OTE sender toward the other. Sub-ids derive from the channel sid (fresh,
 * never reused). Our resulting state is resealed with our share; a banned pair is replaced.
 *   round 1: {keyId, epoch, message} → {message, reply};  round 2: {reply} → {} (stored).
 */

import { hexToBytes } from '@noble/hashes/utils.js'
import {
  encodePairOtState,
  finishPairSetup,
  type PairSetupMessage1,
  type PairSetupMessage2,
  type PairSetupState,
  respondPairSetup,
  startPairSetup,
} from '@tessera/mpc'
import { CosignerError } from '../../errors.ts'
import type { MpcRun } from '../mpcParty.ts'
import { loadCurrent, type PartyDeps, type PartyRecord, savePairs } from './partyRecords.ts'
import type { MpcRunContext } from './partyServices.ts'
import { COSIGNER_INDEX, readRequest, writeReply } from './payload.ts'
import { resolvePendingReshare } from './resolvePendingReshare.ts'

const DEVICE = 1

export function otSetupRun(deps: PartyDeps, context: MpcRunContext): MpcRun {
  let setup: { state: PairSetupState; record: PartyRecord } | undefined
  const keyId = context.keyId as string
  return {
    async step(round, payload) {
      if (round === 1) {
        const first = readRequest('dkls23-setup', 1, payload)
        const { epoch } = first
        // The usual next step after a refresh: completes one a crash interrupted.
        await resolvePendingReshare(deps, context, keyId, { epoch, ack: first.pendingAck })
        const { record } = await loadCurrent(deps, context.identity, keyId, epoch)
        if (record.share.curve !== 'secp256k1')
          throw new CosignerError('BadRequest', `key ${keyId} is not a secp256k1 key`)
        const { message, state } = startPairSetup({
          self: COSIGNER_INDEX,
          peer: DEVICE,
          keyId,
          epoch: record.share.epoch,
          sid: hexToBytes(context.sid),
        })
        const answer = respondPairSetup(state, first.message as PairSetupMessage1)
        setup = { state, record }
        return {
          payload: writeReply('dkls23-setup', 1, { message, reply: answer }),
          done: false,
        }
      }
      if (round === 2 && setup !== undefined) {
        const { reply } = readRequest('dkls23-setup', 2, payload)
        const pair = finishPairSetup(setup.state, reply as PairSetupMessage2)
        const encoded = encodePairOtState(pair)
        await savePairs(deps, context.identity, {
          share: setup.record.share,
          pairs: { ...setup.record.pairs, [DEVICE]: encoded },
        })
        encoded.fill(0)
        await context.audit('dkg', {
          keyId,
          epoch: setup.record.share.epoch,
          step: 'dkls23-ot-setup',
          pair: [DEVICE, COSIGNER_INDEX],
        })
        setup.record.share.secretShare.fill(0)
        setup = undefined
        return { payload: writeReply('dkls23-setup', 2, {}), done: true }
      }
      throw new Error(`dkls23-setup has no round ${round}`)
    },
    abort() {
      setup?.record.share.secretShare.fill(0)
      setup = undefined
    },
  }
}
