/**
 * Resolution of a refresh or recovery a crash interrupted (docs/THRESHOLD.md#crash-recovery: Crash
 * at any step must be recoverable): our new share waits `pending` beside the active one. Before the
 * next share-changing run of the key (refresh, recovery, DKLs23 OT setup, all under the key lock)
 * the device reports where it stands: it names the pending epoch and sends its ack of the refreshed
 * state (it switched: the transcript's `ack`), or it names the current epoch (it did not switch,
 * so it holds no ack for us). @tessera/mpc's `resolveRefresh` decides: every participant's
 * matching ack → switch (pending becomes active, the old epoch retired, its presignatures
 * erased); a participant without one → abandon (the pending share is deleted); an ack for
 * another state → refused, the pending share kept. Never deletes a share the device may hold.
 * A pending epoch beside no active one is an interrupted DKG: it is completed with the device's
 * ack of that DKG or the run is refused (resolvePendingDkg.ts), never dropped.
 */

import { hexToBytes } from '@noble/hashes/utils.js'
import { type PeerRefreshStatus, resolveRefresh } from '@tessera/mpc'
import { CosignerError } from '../../errors.ts'
import { dropPendingKeys, listKeys } from '../../storage/keys.ts'
import {
  activate,
  keySummary,
  loadEpoch,
  type PartyDeps,
  type PublicState,
} from './partyRecords.ts'
import type { MpcRunContext } from './partyServices.ts'
import { COSIGNER_INDEX } from './payload.ts'
import { requirePendingDkgAck } from './resolvePendingDkg.ts'

export interface DeviceReport {
  /** The epoch the device names in round 1. */
  readonly epoch: number
  /** Its ack of the pending refreshed state, when it switched to it. */
  readonly ack: Uint8Array | undefined
}

export async function resolvePendingReshare(
  deps: PartyDeps,
  context: MpcRunContext,
  keyId: string,
  report: DeviceReport,
): Promise<'none' | 'switch' | 'abandon' | 'promote'> {
  const keys = (await listKeys(deps.db, context.identity)).filter((k) => k.keyId === keyId)
  const pending = keys.find((k) => k.status === 'pending')
  const active = keys.find((k) => k.status === 'active')
  if (pending === undefined) return 'none'
  if (active === undefined) {
    await requirePendingDkgAck(deps, context, keyId, pending, report)
    return 'promote'
  }
  const reshare = (pending.publicState as PublicState).reshare
  if (reshare === undefined || reshare.previousEpoch !== active.epoch) {
    // Not a two-phase re-share of the current epoch: nobody can have switched to it.
    await dropPendingKeys(deps.db, context.identity, keyId)
    await context.audit('mpc-abort', {
      protocol: reshare?.kind ?? 'unknown',
      keyId,
      epoch: pending.epoch,
      resolved: 'abandon',
    })
    return 'abandon'
  }
  const switched = report.epoch === pending.epoch
  if (switched && report.ack === undefined) {
    throw new CosignerError(
      'Conflict',
      `key ${keyId} epoch ${pending.epoch} awaits the end of an interrupted ${reshare.kind}: send its ack ("pendingAck") to complete it`,
    )
  }
  if (!switched && report.epoch !== active.epoch) return 'none'
  const current = (await loadEpoch(deps, context.identity, keyId, active.epoch)).share
  const next = (await loadEpoch(deps, context.identity, keyId, pending.epoch)).share
  try {
    // The device reports for itself and for the local parties it ran (the backup in recovery).
    const peers: PeerRefreshStatus[] = reshare.parties
      .filter((i) => i !== COSIGNER_INDEX)
      .map((index) =>
        switched ? { index, ack: report.ack as Uint8Array } : { index, ack: 'none' as const },
      )
    const decision = resolveRefresh(
      {
        current,
        pending: {
          share: next,
          ack: hexToBytes(reshare.ack),
          sid: hexToBytes(reshare.sid),
        },
      },
      peers,
      reshare.parties,
    )
    if (decision.action === 'switch') {
      await activate(deps, context.identity, keyId, pending.epoch, active.epoch)
      await context.audit(reshare.kind, {
        ...keySummary(next),
        previousEpoch: active.epoch,
        resolved: 'switch',
      })
      return 'switch'
    }
    if (decision.action === 'abandon') {
      await dropPendingKeys(deps.db, context.identity, keyId)
      await context.audit('mpc-abort', {
        protocol: reshare.kind,
        keyId,
        epoch: pending.epoch,
        resolved: 'abandon',
      })
      return 'abandon'
    }
    throw new CosignerError(
      'Conflict',
      `key ${keyId}: the interrupted ${reshare.kind} is undecided`,
    )
  } finally {
    current.secretShare.fill(0)
    next.secretShare.fill(0)
  }
}
