/**
 * The clustered topology's stores for one run, on the machine's servers: a fresh PostgreSQL
 * schema for the co-signer (database `test`, `TESSERA_TEST_POSTGRES_URL` as the co-signer's own
 * tests use it) and a unique Redis key prefix for the relay nodes (`TESSERA_TEST_REDIS_URL`,
 * default the local Redis); `drop()` removes both. The clients are the co-signer's `pg` and the
 * relay's `ioredis` (their packages' dependencies, not new ones).
 */
import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..', '..')
export const POSTGRES_URL =
  process.env.TESSERA_TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test'
export const REDIS_URL = process.env.TESSERA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

interface PgClient {
  connect(): Promise<void>
  query(text: string): Promise<unknown>
  end(): Promise<void>
}
interface RedisClient {
  scan(cursor: string, ...args: (string | number)[]): Promise<[string, string[]]>
  del(...keys: string[]): Promise<number>
  quit(): Promise<unknown>
}
const pg = createRequire(join(root, 'packages', 'cosigner', 'package.json'))('pg') as {
  Client: new (options: { connectionString: string }) => PgClient
}
const { Redis } = createRequire(join(root, 'relay', 'package.json'))('ioredis') as {
  Redis: new (url: string) => RedisClient
}

async function sql(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}

export interface ClusterStores {
  postgres: { url: string; schema: string }
  redis: { url: string; prefix: string }
  drop(): Promise<void>
}

export async function createClusterStores(): Promise<ClusterStores> {
  const id = `${process.pid}_${randomBytes(6).toString('hex')}`
  const schema = `e2e_cluster_${id}`
  const prefix = `tessera-e2e-${id}`
  await sql(`CREATE SCHEMA ${schema}`)
  return {
    postgres: { url: POSTGRES_URL, schema },
    redis: { url: REDIS_URL, prefix },
    async drop() {
      await sql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      const redis = new Redis(REDIS_URL)
      try {
        let cursor = '0'
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500)
          if (keys.length > 0) await redis.del(...keys)
          cursor = next
        } while (cursor !== '0')
      } finally {
        await redis.quit()
      }
    },
  }
}
