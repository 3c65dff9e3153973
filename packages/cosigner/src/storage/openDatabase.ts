/**
 * Opens the configured engine and brings its schema up to date. PGlite (a directory) is the
 * embedded default; PostgreSQL (a URL) is for several co-signer processes sharing one database.
 */
import type { Database } from './database.ts'
import { migrate } from './migrate.ts'
import { openPglite } from './pglite.ts'
import { openPostgres } from './postgres.ts'

export type StorageConfig =
  | { engine: 'pglite'; dataDir: string }
  | { engine: 'postgres'; url: string; schema?: string }

export async function openDatabase(
  config: StorageConfig,
  now?: () => number,
  options: { migrate?: boolean } = {},
): Promise<Database> {
  const db =
    config.engine === 'pglite'
      ? await openPglite(config.dataDir)
      : await openPostgres({
          url: config.url,
          ...(config.schema === undefined ? {} : { schema: config.schema }),
        })
  if (options.migrate === false) return db
  try {
    await migrate(db, now === undefined ? {} : { now })
  } catch (error) {
    await db.close()
    throw error
  }
  return db
}
