/**
 * Backup envelopes (docs/COSIGNER.md#backup-envelopes): per identity and key id, the latest
 * PUBLIC data a backup phrase needs to give back the backup's share on a new device — the DKG
 * transcript (the backup's share inside it is ECIES-encrypted to the backup key) or, after a
 * refresh or recovery, the backup's new share sealed to the new backup key. Opaque ciphertext to
 * the co-signer: it cannot open it and never needs to; it keeps it because a device that lost
 * everything has nothing else to read it from. One row per key, never moved back to an older epoch.
 */
import { CosignerError } from '../errors.ts'
import type { Queryable } from './database.ts'

export interface BackupEnvelope {
  readonly keyId: string
  readonly epoch: number
  readonly envelope: Uint8Array
}

export async function putBackupEnvelope(
  db: Queryable,
  identity: string,
  envelope: BackupEnvelope,
  now: number,
): Promise<void> {
  const rows = await db.query<{ epoch: number }>(
    `INSERT INTO backup_envelopes (identity, key_id, epoch, envelope, updated_at)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (identity, key_id) DO UPDATE
       SET epoch = EXCLUDED.epoch, envelope = EXCLUDED.envelope, updated_at = EXCLUDED.updated_at
       WHERE backup_envelopes.epoch <= EXCLUDED.epoch
     RETURNING epoch`,
    [identity, envelope.keyId, envelope.epoch, envelope.envelope, now],
  )
  if (rows.length === 0)
    throw new CosignerError(
      'Conflict',
      `the backup envelope of key ${envelope.keyId} is of a newer epoch than ${envelope.epoch}`,
    )
}

export async function getBackupEnvelope(
  db: Queryable,
  identity: string,
  keyId: string,
): Promise<BackupEnvelope | undefined> {
  const rows = await db.query<{ key_id: string; epoch: number; envelope: Uint8Array }>(
    'SELECT key_id, epoch, envelope FROM backup_envelopes WHERE identity = $1 AND key_id = $2',
    [identity, keyId],
  )
  const row = rows[0]
  return row === undefined
    ? undefined
    : { keyId: row.key_id, epoch: row.epoch, envelope: new Uint8Array(row.envelope) }
}
