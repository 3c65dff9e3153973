/**
 * Key records: one per identity, key id and epoch, holding the public state in clear and the
 * co-signer's share sealed under a per-record data key (crypto/sealRecord.ts, kind `share`).
 * Every read is scoped by identity: no function returns another identity's key.
 * Never returns a share except through `getShare`, and never logs one.
 */
import type { Keyring } from '../crypto/masterKey.ts'
import type { RecordContext } from '../crypto/recordContext.ts'
import { openRecord, sealRecord } from '../crypto/sealRecord.ts'
import { CosignerError } from '../errors.ts'
import type { Queryable } from './database.ts'

export type Curve = 'secp256k1' | 'ed25519'
export type KeyStatus = 'pending' | 'active' | 'retired'

export interface KeyRecord {
  identity: string
  keyId: string
  epoch: number
  curve: Curve
  status: KeyStatus
  publicKey: Uint8Array
  /** Verifying shares, chain code, t, n… as JSON-compatible data; never secret. */
  publicState: unknown
  createdAt: number
  updatedAt: number
}

export interface NewKey {
  identity: string
  keyId: string
  epoch: number
  curve: Curve
  status: KeyStatus
  publicKey: Uint8Array
  publicState: unknown
  share: Uint8Array
}

export const shareContext = (identity: string, keyId: string, epoch: number): RecordContext => ({
  kind: 'share',
  identity,
  keyId,
  epoch,
  recordId: '',
})

interface KeyRow {
  identity: string
  key_id: string
  epoch: number
  curve: Curve
  status: KeyStatus
  public_key: Uint8Array
  public_state: string
  created_at: number
  updated_at: number
  [column: string]: unknown
}

const toRecord = (row: KeyRow): KeyRecord => ({
  identity: row.identity,
  keyId: row.key_id,
  epoch: row.epoch,
  curve: row.curve,
  status: row.status,
  publicKey: row.public_key,
  publicState: JSON.parse(row.public_state),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
})

const PUBLIC_COLUMNS =
  'identity, key_id, epoch, curve, status, public_key, public_state, created_at, updated_at'

export async function putKey(
  db: Queryable,
  keyring: Keyring,
  key: NewKey,
  now: number,
): Promise<void> {
  const sealed = sealRecord(keyring, shareContext(key.identity, key.keyId, key.epoch), key.share)
  try {
    await db.query(
      `INSERT INTO keys (identity, key_id, epoch, curve, status, public_key, public_state,
         share_dek, share_kek_id, share_ciphertext, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`,
      [
        key.identity,
        key.keyId,
        key.epoch,
        key.curve,
        key.status,
        key.publicKey,
        JSON.stringify(key.publicState),
        sealed.dek,
        sealed.kekId,
        sealed.ciphertext,
        now,
      ],
    )
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      throw new CosignerError(
        'Conflict',
        `key ${key.keyId} epoch ${key.epoch} already exists for this identity`,
      )
    }
    throw error
  }
}

export async function getKey(db: Queryable, identity: string, keyId: string, epoch: number) {
  const rows = await db.query<KeyRow>(
    `SELECT ${PUBLIC_COLUMNS} FROM keys WHERE identity = $1 AND key_id = $2 AND epoch = $3`,
    [identity, keyId, epoch],
  )
  return rows[0] === undefined ? undefined : toRecord(rows[0])
}

export async function listKeys(db: Queryable, identity: string): Promise<KeyRecord[]> {
  const rows = await db.query<KeyRow>(
    `SELECT ${PUBLIC_COLUMNS} FROM keys WHERE identity = $1 ORDER BY key_id, epoch`,
    [identity],
  )
  return rows.map(toRecord)
}

export async function getShare(
  db: Queryable,
  keyring: Keyring,
  identity: string,
  keyId: string,
  epoch: number,
): Promise<Uint8Array> {
  const rows = await db.query<{
    share_dek: Uint8Array
    share_kek_id: string
    share_ciphertext: Uint8Array
  }>(
    'SELECT share_dek, share_kek_id, share_ciphertext FROM keys WHERE identity = $1 AND key_id = $2 AND epoch = $3',
    [identity, keyId, epoch],
  )
  const row = rows[0]
  if (row === undefined) {
    throw new CosignerError('NotFound', `no key ${keyId} epoch ${epoch} for this identity`)
  }
  return openRecord(keyring, shareContext(identity, keyId, epoch), {
    dek: row.share_dek,
    kekId: row.share_kek_id,
    ciphertext: row.share_ciphertext,
  })
}

export async function setKeyStatus(
  db: Queryable,
  identity: string,
  keyId: string,
  epoch: number,
  status: KeyStatus,
  now: number,
): Promise<void> {
  const rows = await db.query(
    `UPDATE keys SET status = $4, updated_at = $5
     WHERE identity = $1 AND key_id = $2 AND epoch = $3 RETURNING epoch`,
    [identity, keyId, epoch, status, now],
  )
  if (rows.length === 0) {
    throw new CosignerError('NotFound', `no key ${keyId} epoch ${epoch} for this identity`)
  }
}

/** The key's newest active epoch for this identity, or undefined (never another identity's). */
export async function getActiveKey(
  db: Queryable,
  identity: string,
  keyId: string,
): Promise<KeyRecord | undefined> {
  const rows = await db.query<KeyRow>(
    `SELECT ${PUBLIC_COLUMNS} FROM keys WHERE identity = $1 AND key_id = $2 AND status = 'active'
     ORDER BY epoch DESC LIMIT 1`,
    [identity, keyId],
  )
  return rows[0] === undefined ? undefined : toRecord(rows[0])
}

/** Reseals the share record of one epoch (fresh data key), e.g. with new pairwise OT state. */
export async function replaceShare(
  db: Queryable,
  keyring: Keyring,
  identity: string,
  keyId: string,
  epoch: number,
  share: Uint8Array,
  now: number,
): Promise<void> {
  const sealed = sealRecord(keyring, shareContext(identity, keyId, epoch), share)
  const rows = await db.query(
    `UPDATE keys SET share_dek = $4, share_kek_id = $5, share_ciphertext = $6, updated_at = $7
     WHERE identity = $1 AND key_id = $2 AND epoch = $3 RETURNING epoch`,
    [identity, keyId, epoch, sealed.dek, sealed.kekId, sealed.ciphertext, now],
  )
  if (rows.length === 0) {
    throw new CosignerError('NotFound', `no key ${keyId} epoch ${epoch} for this identity`)
  }
}

/**
 * Removes the pending epochs a crashed DKG, refresh or re-share left behind (call under the key
 * lock, before a new share-changing run); active and retired epochs are never touched.
 */
export async function dropPendingKeys(
  db: Queryable,
  identity: string,
  keyId: string,
): Promise<number> {
  const rows = await db.query(
    `DELETE FROM keys WHERE identity = $1 AND key_id = $2 AND status = 'pending' RETURNING epoch`,
    [identity, keyId],
  )
  return rows.length
}
