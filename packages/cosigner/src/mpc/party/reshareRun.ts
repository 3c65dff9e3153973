/**
 * Refresh (device + co-signer deal zero-constant polynomials, the backup offline gets encrypted
 * deltas) and recovery (co-signer + backup re-share a new device share to target 1), both moving
 * every party to epoch e+1 (docs/THRESHOLD.md#refresh-backup-recovery). Two-phase: our new share is
 * stored `pending` before our ack leaves (confirm), and switched to `active` — the old epoch
 * retired, its presignatures erased — only when every participant acknowledged (finish). Runs
 * under the channel's key lock. The DKLs23 pair OT state is per epoch: a new setup follows.
 *
 * A new backup key (`backupKey` in round 1, the wallet's new backup phrase): a refresh becomes the
 * re-share that gives the backup (index 3) a FRESH share — dealers device and co-signer, target
 * the backup, whose rounds the device hosts and whose share it seals to that key without storing
 * it — so an old backup no longer combines with anything; a recovery (helpers co-signer and the
 * backup, target the device) records the key as the backup's for the new epoch. Either way the
 * new epoch's public state names the new key (docs/COSIGNER.md#protocols-served).
 */

import { bytesToHex } from '@noble/hashes/utils.js'
import {
  cleanReshare,
  type KeyShare,
  type OfflineParty,
  type ReshareState,
  recoveryHelperStart,
  refreshStart,
  reshareCommit,
  reshareConfirm,
  reshareFinish,
  reshareReveal,
} from '@tessera/mpc'
import type { MpcRun } from '../mpcParty.ts'
import {
  activate,
  keySummary,
  loadCurrent,
  offlineOf,
  type PartyDeps,
  storeNewShare,
} from './partyRecords.ts'
import type { MpcRunContext } from './partyServices.ts'
import { COSIGNER_INDEX, readRequest, writeReply } from './payload.ts'
import { resolvePendingReshare } from './resolvePendingReshare.ts'
import { stagedRun } from './stagedRun.ts'

interface ReshareRunState {
  reshare: ReshareState
  old: KeyShare
  offline: OfflineParty[]
  /** Whose acks complete the two-phase commit (every participant of the run). */
  parties: number[]
  pending?: KeyShare
}

export function reshareRun(
  deps: PartyDeps,
  context: MpcRunContext,
  kind: 'refresh' | 'recovery',
): MpcRun {
  const keyId = context.keyId as string
  return stagedRun(context, (payload) => readRequest(kind, 1, payload), {
    name: kind,
    async start(first): Promise<{ state: ReshareRunState; messages: readonly unknown[] }> {
      const { epoch } = first
      // A run a crash interrupted completes or is abandoned first, from the device's report.
      await resolvePendingReshare(deps, context, keyId, { epoch, ack: first.pendingAck })
      const { key, record } = await loadCurrent(deps, context.identity, keyId, epoch)
      const offline = offlineOf(key)
      const device = 1
      const backup = offline[0]?.index ?? 3
      const rekey = first.backupKey
      const started =
        kind === 'refresh' && rekey === undefined
          ? refreshStart(record.share, { online: [device, COSIGNER_INDEX], offline })
          : kind === 'refresh'
            ? recoveryHelperStart(record.share, {
                helpers: [device, COSIGNER_INDEX],
                target: backup,
              })
            : recoveryHelperStart(record.share, {
                helpers: [COSIGNER_INDEX, backup],
                target: device,
              })
      return {
        state: {
          reshare: started.state,
          old: record.share,
          offline:
            rekey === undefined ? offline : [{ index: backup, encryptionKey: rekey.slice() }],
          parties: kind === 'refresh' && rekey === undefined ? [device, COSIGNER_INDEX] : [1, 2, 3],
        },
        messages: started.messages,
      }
    },
    commit: (s, inbound) => reshareCommit(s.reshare, inbound).messages,
    reveal: (s, inbound) => reshareReveal(s.reshare, inbound).messages,
    async confirm(s, inbound) {
      const { messages, pending } = reshareConfirm(s.reshare, inbound)
      // Phase one: the new share is durable before our ack can make anyone switch, with what
      // resolving it after a crash needs (resolvePendingReshare).
      await storeNewShare(
        deps,
        context.identity,
        pending.share,
        s.offline,
        'pending',
        {},
        {
          kind,
          sid: bytesToHex(pending.sid),
          ack: bytesToHex(pending.ack),
          parties: s.parties,
          previousEpoch: s.old.epoch,
        },
      )
      s.pending = pending.share
      return messages
    },
    async finish(s, inbound) {
      const { keyShare } = reshareFinish(s.reshare, inbound)
      await activate(deps, context.identity, keyId, keyShare.epoch, s.old.epoch)
      await context.audit(kind, {
        ...keySummary(keyShare),
        previousEpoch: s.old.epoch,
        ...(s.parties.length === 3 && kind === 'refresh' ? { backupRekeyed: true } : {}),
      })
      keyShare.secretShare.fill(0)
      return writeReply(kind, 3, { epoch: keyShare.epoch, publicKey: keyShare.publicKey })
    },
    clean(s) {
      cleanReshare(s.reshare)
      s.old.secretShare.fill(0)
      s.pending?.secretShare.fill(0)
    },
  })
}
