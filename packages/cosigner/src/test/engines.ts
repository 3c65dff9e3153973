/**
 * Test utility: every storage engine the contract suites run against. PGlite in a fresh temp
 * directory; PostgreSQL (the real server, `TESSERA_TEST_POSTGRES_URL`, default
 * postgres://root@127.0.0.1:5432/test) in a fresh schema. `cleanup()` closes every handle and
 * removes the directory or drops the schema. Never touches anything it did not create.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import type { Database, EngineName } from '../storage/database.ts'
import { migrate } from '../storage/migrate.ts'
import type { StorageConfig } from '../storage/openDatabase.ts'
import { openPglite } from '../storage/pglite.ts'
import { openPostgres } from '../storage/postgres.ts'

export const POSTGRES_URL =
  process.env.TESSERA_TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test'

export interface TestStore {
  db: Database
  config: StorageConfig
  /** Another handle on the same data (a second co-signer process); PostgreSQL only. */
  reopen(): Promise<Database>
  cleanup(): Promise<void>
}

export interface TestEngine {
  name: EngineName
  open(options?: { migrate?: boolean }): Promise<TestStore>
}

const pglite: TestEngine = {
  name: 'pglite',
  async open(options = {}) {
    const dir = await mkdtemp(join(tmpdir(), 'cosigner-pglite-'))
    const db = await openPglite(dir)
    if (options.migrate !== false) await migrate(db)
    return {
      db,
      config: { engine: 'pglite', dataDir: dir },
      reopen: () =>
        Promise.reject(new Error('PGlite serves one process; reopen is PostgreSQL only')),
      async cleanup() {
        await db.close()
        await rm(dir, { recursive: true, force: true })
      },
    }
  },
}

/** Creates an empty schema named for this run; the caller drops it. */
export async function createTestSchema(): Promise<string> {
  const schema = `cosigner_test_${process.pid}_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: POSTGRES_URL })
  await admin.connect()
  try {
    await admin.query(`CREATE SCHEMA ${schema}`)
  } finally {
    await admin.end()
  }
  return schema
}

export async function dropTestSchema(schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: POSTGRES_URL })
  await admin.connect()
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  } finally {
    await admin.end()
  }
}

const postgres: TestEngine = {
  name: 'postgres',
  async open(options = {}) {
    const schema = await createTestSchema()
    const handles: Database[] = []
    const reopen = async () => {
      const handle = await openPostgres({ url: POSTGRES_URL, schema })
      handles.push(handle)
      return handle
    }
    const db = await reopen()
    if (options.migrate !== false) await migrate(db)
    return {
      db,
      config: { engine: 'postgres', url: POSTGRES_URL, schema },
      reopen,
      async cleanup() {
        for (const handle of handles) await handle.close()
        await dropTestSchema(schema)
      },
    }
  },
}

export const ENGINES: readonly TestEngine[] = [pglite, postgres]
