/**
 * The outcome of a DKG whose last round the co-signer finished but whose end the device may
 * never have seen (docs/THRESHOLD.md#crash-recovery). At round 3 our share is
 * stored `pending` with a digest of the run's ok hash H("dkg/ok", sid, PK, X_1..X_n, cc) — which
 * binds the public key and transcript — in its public state (the digest only: the public state is
 * readable with the session, the ok hash itself only the run's parties know); round 4 (the device
 * stored its share) makes it `active`. When the socket or a process died in
 * between, the pending share is resolved under the key lock by the device, never silently:
 *   - promote: the device sends that ok hash as `pendingAck` — in a `dkg` round 1 (`{pendingAck}`
 *     alone: it finished and stored the same key) or in the round 1 of a `dkls23-setup`,
 *     `refresh` or `recovery` naming the pending epoch → pending becomes active, audited `dkg`
 *     with `resolved: "promote"`. Sent again once the key is active with that hash, it changes
 *     nothing and answers the same (round 4 arrived but its answer was lost).
 *   - abandon: a new `dkg` of the key id without `pendingAck` (the device starts over, so it
 *     holds no share of the old run) → the pending share is deleted, audited `mpc-abort` with
 *     `resolved: "abandon"` and the abandoned public key.
 *   - refused (`Conflict`, the pending share kept): an ack of another run (a share of one DKG is
 *     never mixed with another's), or any other share-changing run without the ack.
 * A device that got no answer to round 2 or 3 holds no proof the co-signer finished: it must
 * not use its share before one of these succeeds. Never deletes a share the device proved it has.
 */

import { equalBytes } from '@noble/curves/utils.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { CosignerError } from '../../errors.ts'
import { dropPendingKeys, getActiveKey, type KeyRecord, listKeys } from '../../storage/keys.ts'
import { activate, type PartyDeps, type PublicState } from './partyRecords.ts'
import type { MpcRunContext } from './partyServices.ts'

/** The key's pending epoch left by a DKG (no active epoch beside it), if any. */
export async function pendingDkgOf(
  deps: PartyDeps,
  identity: string,
  keyId: string,
): Promise<KeyRecord | undefined> {
  const keys = (await listKeys(deps.db, identity)).filter((k) => k.keyId === keyId)
  if (keys.some((k) => k.status === 'active')) return undefined
  return keys.find((k) => k.status === 'pending')
}

/** What the public state keeps of a DKG's ok hash (hex). */
export const okDigest = (ok: Uint8Array): string =>
  bytesToHex(sha256(concatBytes(utf8ToBytes('tessera/cosigner/dkg-ok-digest/v1'), ok)))

/** Whether `ack` is the ok hash of the DKG that formed `key`. */
const acknowledges = (key: KeyRecord, ack: Uint8Array): boolean => {
  const stored = (key.publicState as PublicState).dkg?.okDigest
  return stored !== undefined && equalBytes(utf8ToBytes(stored), utf8ToBytes(okDigest(ack)))
}

const summary = (key: KeyRecord) => ({
  keyId: key.keyId,
  curve: key.curve,
  epoch: key.epoch,
  t: (key.publicState as PublicState).t,
  n: (key.publicState as PublicState).n,
  publicKey: bytesToHex(key.publicKey),
})

/**
 * Completes the key's interrupted DKG from the device's ack (or finds it already completed with
 * that ack); returns the active key. Refuses an ack of another run and a key with nothing to
 * complete.
 */
export async function completePendingDkg(
  deps: PartyDeps,
  context: MpcRunContext,
  keyId: string,
  ack: Uint8Array,
): Promise<KeyRecord> {
  const active = await getActiveKey(deps.db, context.identity, keyId)
  if (active !== undefined) {
    if (acknowledges(active, ack)) return active
    throw new CosignerError(
      'Conflict',
      `key ${keyId} is active and was not formed by the DKG this "pendingAck" acknowledges`,
    )
  }
  const pending = await pendingDkgOf(deps, context.identity, keyId)
  if (pending === undefined)
    throw new CosignerError(
      'NotFound',
      `key ${keyId} has no interrupted DKG to complete (it never finished at the co-signer, or was abandoned): start a new dkg`,
    )
  if (!acknowledges(pending, ack))
    throw new CosignerError(
      'Conflict',
      `key ${keyId} epoch ${pending.epoch}: "pendingAck" does not acknowledge the pending DKG (its share is kept; a share of one DKG is never mixed with another's)`,
    )
  await activate(deps, context.identity, keyId, pending.epoch)
  await context.audit('dkg', { ...summary(pending), status: 'active', resolved: 'promote' })
  return { ...pending, status: 'active' }
}

/** A new DKG of the key id: the device starts over, so an interrupted one is abandoned. */
export async function abandonPendingDkg(
  deps: PartyDeps,
  context: MpcRunContext,
  keyId: string,
): Promise<void> {
  const pending = await pendingDkgOf(deps, context.identity, keyId)
  if (pending === undefined) return
  await dropPendingKeys(deps.db, context.identity, keyId)
  await context.audit('mpc-abort', {
    ...summary(pending),
    protocol: 'dkg',
    resolved: 'abandon',
  })
}

/** Another share-changing run met a pending DKG: promote it with the ack, else refuse. */
export async function requirePendingDkgAck(
  deps: PartyDeps,
  context: MpcRunContext,
  keyId: string,
  pending: KeyRecord,
  report: { epoch: number; ack: Uint8Array | undefined },
): Promise<void> {
  if (report.ack === undefined || report.epoch !== pending.epoch)
    throw new CosignerError(
      'Conflict',
      `key ${keyId} epoch ${pending.epoch} awaits the end of an interrupted dkg: name that epoch and send its ack ("pendingAck") to complete it, or start a new dkg to abandon it`,
    )
  await completePendingDkg(deps, context, keyId, report.ack)
}
