/**
 * What the co-signer keeps per key and epoch: the sealed record holds our KeyShare and our
 * pairwise DKLs23 OT state toward each peer (both secret, so both inside the one sealed share
 * record, resealed when an OT setup adds a pair); the public state beside it holds what every
 * party may know (t, n, X_1..X_n, chain code, the offline backup's X25519 key). Loading checks the
 * run's identity scope (storage is scoped by identity) and that the epoch asked for is the
 * current one: a share of a retired epoch is refused by name. Never logs a share or a pair state.
 */

import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import {
  deserializeKeyShare,
  type KeyShare,
  type OfflineParty,
  publicKeyState,
  serializeKeyShare,
} from '@tessera/mpc'
import { CosignerFrameError, decodeMpcValue, encodeMpcValue } from '@tessera/protocol/cosigner'
import type { Keyring } from '../../crypto/masterKey.ts'
import { CosignerError } from '../../errors.ts'
import type { Database } from '../../storage/database.ts'
import {
  getActiveKey,
  getShare,
  type KeyRecord,
  putKey,
  replaceShare,
  setKeyStatus,
} from '../../storage/keys.ts'

export interface PartyDeps {
  readonly db: Database
  readonly keyring: Keyring
  readonly now: () => number
}

export interface PartyRecord {
  readonly share: KeyShare
  /** Encoded PairOtState toward each peer index (secret). */
  readonly pairs: Record<number, Uint8Array>
}

export interface PublicState {
  readonly t: number
  readonly n: number
  readonly publicShares: string[]
  readonly chainCode: string
  readonly offline: { index: number; encryptionKey: string }[]
  /**
   * On a `pending` epoch formed by a refresh or recovery: what resolving it after a crash needs
   * (@tessera/mpc `resolveRefresh`) — the run's sid, our ack H("refresh/ok", sid, epoch', PK,
   * X'_1..X'_n) and the participants whose acks complete the two-phase commit. Public.
   */
  readonly reshare?: {
    readonly kind: 'refresh' | 'recovery'
    readonly sid: string
    readonly ack: string
    readonly parties: number[]
    readonly previousEpoch: number
  }
  /**
   * On an epoch formed by a DKG: a digest of the run's ok hash H("dkg/ok", sid, PK, X_1..X_n, cc),
   * against which the device's `pendingAck` completes a DKG interrupted before round 4
   * (resolvePendingDkg.ts). Public; the ok hash itself is not stored.
   */
  readonly dkg?: { readonly okDigest: string }
}

function encodeRecord(record: PartyRecord): Uint8Array {
  const pairs: Record<string, Uint8Array> = {}
  for (const [j, bytes] of Object.entries(record.pairs)) pairs[j] = bytes
  return encodeMpcValue({ v: 1, share: serializeKeyShare(record.share), pairs }, 'share record')
}

function decodeRecord(bytes: Uint8Array): PartyRecord {
  let value: { v?: unknown; share?: unknown; pairs?: unknown }
  try {
    value = decodeMpcValue(bytes, 'share record') as typeof value
  } catch (error) {
    // Our own storage, not the peer's frame: a damaged record is our fault, never `Malformed`.
    if (error instanceof CosignerFrameError)
      throw new CosignerError('Internal', 'stored share record damaged')
    throw error
  }
  if (value.v !== 1 || !(value.share instanceof Uint8Array) || typeof value.pairs !== 'object')
    throw new CosignerError('Internal', 'stored share record has an unknown layout')
  const pairs: Record<number, Uint8Array> = {}
  for (const [j, b] of Object.entries(value.pairs as Record<string, unknown>)) {
    if (!(b instanceof Uint8Array)) throw new CosignerError('Internal', 'stored pair state damaged')
    pairs[Number(j)] = b
  }
  return { share: deserializeKeyShare(value.share), pairs }
}

export function publicState(
  share: KeyShare,
  offline: readonly OfflineParty[],
  reshare?: PublicState['reshare'],
  dkg?: PublicState['dkg'],
): PublicState {
  return {
    t: share.t,
    n: share.n,
    publicShares: share.publicShares.map(bytesToHex),
    chainCode: bytesToHex(share.chainCode),
    offline: offline.map((o) => ({ index: o.index, encryptionKey: bytesToHex(o.encryptionKey) })),
    ...(reshare === undefined ? {} : { reshare }),
    ...(dkg === undefined ? {} : { dkg }),
  }
}

export function offlineOf(key: KeyRecord): OfflineParty[] {
  return (key.publicState as PublicState).offline.map((o) => ({
    index: o.index,
    encryptionKey: hexToBytes(o.encryptionKey),
  }))
}

export async function storeNewShare(
  deps: PartyDeps,
  identity: string,
  share: KeyShare,
  offline: readonly OfflineParty[],
  status: 'pending' | 'active',
  pairs: Record<number, Uint8Array> = {},
  reshare?: PublicState['reshare'],
  dkg?: PublicState['dkg'],
) {
  const bytes = encodeRecord({ share, pairs })
  try {
    await putKey(
      deps.db,
      deps.keyring,
      {
        identity,
        keyId: share.keyId,
        epoch: share.epoch,
        curve: share.curve,
        status,
        publicKey: share.publicKey,
        publicState: publicState(share, offline, reshare, dkg),
        share: bytes,
      },
      deps.now(),
    )
  } finally {
    bytes.fill(0)
  }
}

/**
 * The key's current (newest active) epoch with our share; `epoch`, when the signer names one,
 * must be that epoch — a share from before a refresh or recovery is refused.
 */
export async function loadCurrent(
  deps: PartyDeps,
  identity: string,
  keyId: string,
  epoch?: number,
): Promise<{ key: KeyRecord; record: PartyRecord }> {
  const key = await loadCurrentPublic(deps, identity, keyId, epoch)
  const sealed = await getShare(deps.db, deps.keyring, identity, keyId, key.epoch)
  try {
    return { key, record: decodeRecord(sealed) }
  } finally {
    sealed.fill(0)
  }
}

/** The key's current epoch, public state only (no share opened); the same epoch checks. */
export async function loadCurrentPublic(
  deps: PartyDeps,
  identity: string,
  keyId: string,
  epoch?: number,
): Promise<KeyRecord> {
  const key = await getActiveKey(deps.db, identity, keyId)
  if (key === undefined)
    throw new CosignerError('NotFound', `no active key ${keyId} for this identity`)
  if (epoch !== undefined && epoch !== key.epoch) {
    throw new CosignerError(
      'Conflict',
      epoch < key.epoch
        ? `key ${keyId} epoch ${epoch} is retired (current epoch ${key.epoch}): a share from before a refresh or recovery is refused`
        : `key ${keyId} has no epoch ${epoch} (current epoch ${key.epoch})`,
    )
  }
  return key
}

/** Our record of one stored epoch, whatever its status (the caller wipes the share). */
export async function loadEpoch(
  deps: PartyDeps,
  identity: string,
  keyId: string,
  epoch: number,
): Promise<PartyRecord> {
  const sealed = await getShare(deps.db, deps.keyring, identity, keyId, epoch)
  try {
    return decodeRecord(sealed)
  } finally {
    sealed.fill(0)
  }
}

export async function savePairs(
  deps: PartyDeps,
  identity: string,
  record: PartyRecord,
): Promise<void> {
  const bytes = encodeRecord(record)
  try {
    await replaceShare(
      deps.db,
      deps.keyring,
      identity,
      record.share.keyId,
      record.share.epoch,
      bytes,
      deps.now(),
    )
  } finally {
    bytes.fill(0)
  }
}

export async function activate(
  deps: PartyDeps,
  identity: string,
  keyId: string,
  epoch: number,
  retire?: number,
) {
  await deps.db.transaction(async (tx) => {
    await setKeyStatus(tx, identity, keyId, epoch, 'active', deps.now())
    if (retire === undefined) return
    await setKeyStatus(tx, identity, keyId, retire, 'retired', deps.now())
    // The old epoch's presignatures and nonces can never be used again: erase them.
    await tx.query('DELETE FROM presignatures WHERE identity = $1 AND key_id = $2 AND epoch = $3', [
      identity,
      keyId,
      retire,
    ])
  })
}

/** Public summary of a new or changed key for the audit log (never a share). */
export function keySummary(share: KeyShare) {
  const pub = publicKeyState(share)
  return {
    keyId: pub.keyId,
    curve: pub.curve,
    epoch: pub.epoch,
    t: pub.t,
    n: pub.n,
    publicKey: bytesToHex(pub.publicKey),
  }
}
