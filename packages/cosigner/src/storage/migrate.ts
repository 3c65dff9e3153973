/**
 * Applies pending migrations in order, each in its own transaction, recording version, name
 * and checksum in `schema_migrations`. Idempotent: a second run applies nothing. Safe with
 * several co-signer processes starting at once (a transaction-scoped advisory lock per schema).
 * Refuses to start when a recorded migration's checksum differs from the code's.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { CosignerError } from '../errors.ts'
import type { Database } from './database.ts'
import { MIGRATIONS, type Migration } from './migrations.ts'

export const checksum = (sql: string): string => bytesToHex(sha256(utf8ToBytes(sql)))

export interface MigrateResult {
  applied: number[]
  current: number
}

export async function migrate(
  db: Database,
  options: { migrations?: readonly Migration[]; now?: () => number } = {},
): Promise<MigrateResult> {
  const migrations = options.migrations ?? MIGRATIONS
  const now = options.now ?? Date.now
  const lockSql =
    "SELECT pg_advisory_xact_lock(hashtext('tessera-cosigner-migrations:' || current_schema()))"
  // CREATE TABLE IF NOT EXISTS races between processes: take the lock first.
  await db.transaction(async (tx) => {
    await tx.query(lockSql)
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    INTEGER PRIMARY KEY,
      name       TEXT NOT NULL,
      checksum   TEXT NOT NULL,
      applied_at BIGINT NOT NULL
    )`)
  })
  const applied: number[] = []
  for (const migration of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query(lockSql)
      const rows = await tx.query<{ checksum: string }>(
        'SELECT checksum FROM schema_migrations WHERE version = $1',
        [migration.version],
      )
      const recorded = rows[0]
      if (recorded !== undefined) {
        if (recorded.checksum !== checksum(migration.sql)) {
          throw new CosignerError(
            'Misconfigured',
            `migration ${migration.version} ("${migration.name}") was changed after it was applied: recorded checksum ${recorded.checksum}, code has ${checksum(migration.sql)}`,
          )
        }
        return false
      }
      await tx.exec(migration.sql)
      await tx.query(
        'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)',
        [migration.version, migration.name, checksum(migration.sql), now()],
      )
      return true
    })
    if (done) applied.push(migration.version)
  }
  const rows = await db.query<{ v: number | null }>(
    'SELECT max(version) AS v FROM schema_migrations',
  )
  return { applied, current: rows[0]?.v ?? 0 }
}
