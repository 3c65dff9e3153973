/**
 * The embedded engine: PGlite (PostgreSQL compiled to WebAssembly) in this process, data in a
 * directory (or in memory for `memory://`). Zero setup; one process only — PGlite serialises
 * every query and transaction on its single connection.
 * Never shares one data directory between two processes.
 */
import { chmodSync, mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { type Database, normaliseRow, type Queryable, type Row } from './database.ts'

export async function openPglite(dataDir: string): Promise<Database> {
  if (dataDir !== 'memory://') {
    // The database holds sealed shares and the audit log: owner-only, also when it existed.
    mkdirSync(dataDir, { recursive: true, mode: 0o700 })
    chmodSync(dataDir, 0o700)
  }
  const db = await PGlite.create(dataDir === 'memory://' ? {} : { dataDir })
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T extends Row>(sql: string, params: readonly unknown[] = []) {
      const result = await q.query<Row>(sql, params as unknown[])
      return result.rows.map((row) => normaliseRow<T>(row))
    },
    async exec(sql: string) {
      await q.exec(sql)
    },
  })
  const base = wrap(db)
  return {
    engine: 'pglite',
    query: base.query,
    exec: base.exec,
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    close: () => db.close(),
  }
}
