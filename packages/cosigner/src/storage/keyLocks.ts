/**
 * docs/STYLE.md#14-secrets: "Share-changing operations behind a lock (one refresh or re-share at a
 * time per key)". A lease row per (identity, key id) in the shared database: taken atomically with
 * INSERT … ON CONFLICT … WHERE expired, so two co-signer processes never both hold it; it
 * expires by itself if its holder crashes. The lease is short (`COSIGNER_KEY_LOCK_LEASE_MS`,
 * 30 s) and its live holder renews it every third of it (mpc/party/keyLease.ts), so a crash blocks the
 * key for one lease at most and a live run is never pre-empted. Never released by anyone but its
 * holder.
 */
import { CosignerError } from '../errors.ts'
import type { Queryable } from './database.ts'

export interface KeyLockRequest {
  identity: string
  keyId: string
  operation: string
  /** Unique per attempt (e.g. the MPC sid); only this holder can release. */
  holder: string
  ttlMs: number
}

export async function acquireKeyLock(db: Queryable, req: KeyLockRequest, now: number) {
  // Leases left by killed runs expire but would stay as rows forever: sweep them here.
  await sweepExpiredKeyLocks(db, now)
  const rows = await db.query(
    `INSERT INTO key_locks (identity, key_id, operation, holder, expires_at)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (identity, key_id) DO UPDATE
       SET operation = EXCLUDED.operation, holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
       WHERE key_locks.expires_at <= $6
     RETURNING holder`,
    [req.identity, req.keyId, req.operation, req.holder, now + req.ttlMs, now],
  )
  if (rows.length === 0) {
    const current = await db.query<{ operation: string }>(
      'SELECT operation FROM key_locks WHERE identity = $1 AND key_id = $2',
      [req.identity, req.keyId],
    )
    throw new CosignerError(
      'KeyBusy',
      `key ${req.keyId} is busy with another share-changing operation (${current[0]?.operation ?? 'just released'}); ${req.operation} refused`,
    )
  }
}

/** Deletes every lease that expired (a run that was killed never released it). */
export async function sweepExpiredKeyLocks(db: Queryable, now: number): Promise<number> {
  const rows = await db.query('DELETE FROM key_locks WHERE expires_at <= $1 RETURNING key_id', [
    now,
  ])
  return rows.length
}

/** Extends the holder's lease (each round of a long run); false when it was lost. */
export async function renewKeyLock(
  db: Queryable,
  req: KeyLockRequest,
  now: number,
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE key_locks SET expires_at = $4
     WHERE identity = $1 AND key_id = $2 AND holder = $3 AND expires_at > $5 RETURNING holder`,
    [req.identity, req.keyId, req.holder, now + req.ttlMs, now],
  )
  return rows.length === 1
}

export async function releaseKeyLock(db: Queryable, req: KeyLockRequest): Promise<boolean> {
  const rows = await db.query(
    'DELETE FROM key_locks WHERE identity = $1 AND key_id = $2 AND holder = $3 RETURNING holder',
    [req.identity, req.keyId, req.holder],
  )
  return rows.length === 1
}

export async function withKeyLock<T>(
  db: Queryable,
  req: KeyLockRequest,
  now: () => number,
  fn: () => Promise<T>,
): Promise<T> {
  await acquireKeyLock(db, req, now())
  try {
    return await fn()
  } finally {
    await releaseKeyLock(db, req)
  }
}
