/**
 * Presignatures (DKLs23) and nonces (FROST): sealed, single-use records.
 * docs/THRESHOLD.md#presignatures: Mark a presignature consumed in durable storage before releasing
 * w_i and "Nonces are one-time: persist, and delete before releasing a share".
 * `consumePresignature` therefore commits `consumed_at` and erases the ciphertext and wrapped data
 * key before it returns the secret; a second consumption fails with AlreadyConsumed, whichever
 * process tries it.
 */
import type { Keyring } from '../crypto/masterKey.ts'
import type { RecordContext } from '../crypto/recordContext.ts'
import { openRecord, sealRecord } from '../crypto/sealRecord.ts'
import { CosignerError } from '../errors.ts'
import type { Queryable } from './database.ts'

export type PresignatureKind = 'presignature' | 'nonce'

export interface PresignatureRef {
  identity: string
  keyId: string
  epoch: number
  recordId: string
  kind: PresignatureKind
}

export const presignatureContext = (ref: PresignatureRef): RecordContext => ({
  kind: ref.kind,
  identity: ref.identity,
  keyId: ref.keyId,
  epoch: ref.epoch,
  recordId: ref.recordId,
})

export async function putPresignature(
  db: Queryable,
  keyring: Keyring,
  ref: PresignatureRef,
  secret: Uint8Array,
  now: number,
): Promise<void> {
  const sealed = sealRecord(keyring, presignatureContext(ref), secret)
  await db.query(
    `INSERT INTO presignatures (identity, key_id, epoch, record_id, kind, dek, kek_id, ciphertext, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      ref.identity,
      ref.keyId,
      ref.epoch,
      ref.recordId,
      ref.kind,
      sealed.dek,
      sealed.kekId,
      sealed.ciphertext,
      now,
    ],
  )
}

/**
 * One statement, committed on its own: `old` reads the sealed secret from the statement's
 * snapshot, the UPDATE (which takes the row lock) marks it consumed and erases it, and the secret
 * is returned only when that UPDATE happened. Two processes racing for one record: the second's
 * UPDATE waits on the row lock, re-checks `consumed_at IS NULL` against the committed row, updates
 * nothing, and the caller gets AlreadyConsumed. With `requireActiveEpoch`, the same statement
 * consumes only while the key's epoch is `active` (Conflict otherwise, nothing consumed): a
 * refresh that retires the epoch and a signature never both win. The secret is opened after the commit; a record that
 * does not open (tampered) is consumed all the same and never signs.
 */
export async function consumePresignature(
  db: Queryable,
  keyring: Keyring,
  ref: PresignatureRef,
  now: number,
  options: { requireActiveEpoch?: boolean } = {},
): Promise<Uint8Array> {
  const rows = await db.query<{
    kind: PresignatureKind
    dek: Uint8Array
    kek_id: string
    ciphertext: Uint8Array
    consumed_at: number | null
    taken: boolean
    active: boolean
  }>(
    `WITH current_epoch AS (
       SELECT EXISTS (SELECT 1 FROM keys WHERE identity = $1 AND key_id = $2 AND epoch = $3
                      AND status = 'active') AS active
     ), old AS (
       SELECT kind, dek, kek_id, ciphertext, consumed_at FROM presignatures
       WHERE identity = $1 AND key_id = $2 AND epoch = $3 AND record_id = $4
     ), taken AS (
       UPDATE presignatures SET consumed_at = $5, dek = '\\x', ciphertext = '\\x'
       WHERE identity = $1 AND key_id = $2 AND epoch = $3 AND record_id = $4
         AND kind = $6 AND consumed_at IS NULL
         AND (NOT $7::boolean OR (SELECT active FROM current_epoch))
       RETURNING 1
     )
     SELECT old.*, EXISTS (SELECT 1 FROM taken) AS taken,
            (SELECT active FROM current_epoch) AS active
     FROM old`,
    [
      ref.identity,
      ref.keyId,
      ref.epoch,
      ref.recordId,
      now,
      ref.kind,
      options.requireActiveEpoch === true,
    ],
  )
  const row = rows[0]
  if (options.requireActiveEpoch === true && row?.active !== true) {
    throw new CosignerError(
      'Conflict',
      `key ${ref.keyId} epoch ${ref.epoch} is not the current epoch`,
    )
  }
  if (row === undefined || row.kind !== ref.kind) {
    throw new CosignerError('NotFound', `no ${ref.kind} ${ref.recordId} for key ${ref.keyId}`)
  }
  if (row.consumed_at !== null || !row.taken) {
    throw new CosignerError(
      'AlreadyConsumed',
      `${ref.kind} ${ref.recordId} was already consumed at ${row.consumed_at ?? now}; it is never reused`,
    )
  }
  return openRecord(keyring, presignatureContext(ref), {
    dek: row.dek,
    kekId: row.kek_id,
    ciphertext: row.ciphertext,
  })
}

export async function countUnconsumed(
  db: Queryable,
  identity: string,
  keyId: string,
  epoch: number,
) {
  const rows = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM presignatures
     WHERE identity = $1 AND key_id = $2 AND epoch = $3 AND consumed_at IS NULL`,
    [identity, keyId, epoch],
  )
  return rows[0]?.n ?? 0
}

/**
 * After a database restore (docs/COSIGNER.md#storage): marks every unconsumed presignature and
 * nonce consumed and erases its secret, in one statement. A restored backup may hold rows that
 * were consumed after it was taken; releasing one of them again would sign twice with one
 * presignature or nonce and reveal the share. The devices fall back to the full protocol.
 */
export async function burnSingleUse(
  db: Queryable,
  now: number,
): Promise<{ presignatures: number; nonces: number }> {
  const rows = await db.query<{ kind: PresignatureKind; n: number }>(
    `WITH burned AS (
       UPDATE presignatures SET consumed_at = $1, dek = '\\x', ciphertext = '\\x'
       WHERE consumed_at IS NULL
       RETURNING kind
     )
     SELECT kind, count(*)::int AS n FROM burned GROUP BY kind`,
    [now],
  )
  const of = (kind: PresignatureKind) => rows.find((r) => r.kind === kind)?.n ?? 0
  return { presignatures: of('presignature'), nonces: of('nonce') }
}
