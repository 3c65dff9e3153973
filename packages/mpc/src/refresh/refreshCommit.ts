/**
 * Two-phase commit of a refresh (docs/THRESHOLD.md#refresh: keep old and new shares until every
 * party acknowledged the new public state, then switch and erase old shares, presignatures and
 * nonces). The record is what a party persists; `resolveRefresh` is the pure decision taken after
 * each step and after a crash: switch only with every party's matching ack, abandon the pending
 * share if a peer reports it never formed one, otherwise keep waiting with both shares.
 */

import { equalBytes } from '@noble/curves/utils.js'
import { clean } from '@noble/hashes/utils.js'
import type { KeyShare } from '../dkg/keyShare.ts'
import { MpcError } from '../errors.ts'
import type { PendingRefresh } from './refreshApply.ts'

export type RefreshRecord = {
  readonly current: KeyShare
  readonly pending?: PendingRefresh
}

/** What a peer reports about the refresh identified by the pending sid. */
export type PeerRefreshStatus =
  | { readonly index: number; readonly ack: Uint8Array }
  | { readonly index: number; readonly ack: 'none' }

export type RefreshDecision =
  | { readonly action: 'switch'; readonly record: RefreshRecord }
  | { readonly action: 'abandon'; readonly record: RefreshRecord }
  | { readonly action: 'wait'; readonly record: RefreshRecord }

export function resolveRefresh(
  record: RefreshRecord,
  peers: readonly PeerRefreshStatus[],
  parties: readonly number[],
): RefreshDecision {
  const pending = record.pending
  if (pending === undefined) return { action: 'wait', record }
  if (peers.some((p) => p.ack === 'none')) {
    clean(pending.share.secretShare)
    return { action: 'abandon', record: { current: record.current } }
  }
  for (const p of peers) {
    if (p.ack !== 'none' && !equalBytes(p.ack, pending.ack)) {
      throw new MpcError('Abort', `party ${p.index} acknowledged a different refreshed state`, {
        culprit: p.index,
      })
    }
  }
  const me = record.current.index
  const acked = new Set([me, ...peers.map((p) => p.index)])
  if (!parties.every((i) => acked.has(i))) return { action: 'wait', record }
  // Every party holds the new share: switch and erase the old one (and, in the signer, its
  // presignatures and nonces, which are bound to the old epoch).
  clean(record.current.secretShare)
  return { action: 'switch', record: { current: pending.share } }
}
