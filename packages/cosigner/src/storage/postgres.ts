/**
 * The production engine: a PostgreSQL server through a `pg` pool, shared by several co-signer
 * processes. `schema` pins `search_path` so tests (and tenants) can live side by side.
 * Never logs the connection string (it may carry a password) or query parameters.
 */
import pg from 'pg'
import { type Database, normaliseRow, type Queryable, type Row } from './database.ts'

const INT8_OID = 20

/** int8 as number: every int8 we store (epochs, milliseconds, sequence numbers) is < 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => {
          const n = Number(value)
          if (!Number.isSafeInteger(n)) throw new RangeError(`int8 ${value} exceeds 2^53`)
          return n
        }
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
}

export interface PostgresOptions {
  url: string
  schema?: string
  maxConnections?: number
}

const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/

export async function openPostgres(options: PostgresOptions): Promise<Database> {
  if (options.schema !== undefined && !SCHEMA.test(options.schema)) {
    throw new RangeError(`schema name "${options.schema}" must match ${SCHEMA}`)
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    types,
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  })
  // An idle client losing its server connection must not crash the process.
  pool.on('error', () => {})
  // Every query text is a constant of this package (values travel as parameters), so each gets
  // a statement name: a connection parses and plans it once, then only binds and executes.
  // Bounded, in case a caller ever builds texts dynamically (the audit batch has ≤ 256 shapes).
  const names = new Map<string, string>()
  const statement = (text: string, values: unknown[]) => {
    let name = names.get(text)
    if (name === undefined && names.size < 2048) {
      name = `tessera_${names.size}`
      names.set(text, name)
    }
    return name === undefined ? { text, values } : { name, text, values }
  }
  const wrap = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T extends Row>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query<Row>(statement(sql, params as unknown[]))
      return result.rows.map((row) => normaliseRow<T>(row))
    },
    async exec(sql: string) {
      await client.query(sql)
    },
  })
  const base = wrap(pool)
  // Fail at start-up, not at the first request, when the server is unreachable.
  await base.query('SELECT 1')
  return {
    engine: 'postgres',
    query: base.query,
    exec: base.exec,
    async transaction(fn) {
      const client = await pool.connect()
      // A connection lost mid-transaction (the server restarted, the backend was terminated)
      // fails the statement in flight; the client's own 'error' event must not end the process.
      let lost: Error | undefined
      const onError = (error: Error) => {
        lost = error
      }
      client.on('error', onError)
      try {
        await client.query('BEGIN')
        const result = await fn(wrap(client))
        await client.query('COMMIT')
        return result
      } catch (error) {
        await client.query('ROLLBACK').catch((rollback: Error) => {
          lost ??= rollback
        })
        throw error
      } finally {
        client.off('error', onError)
        // A client whose connection failed is discarded, not returned to the pool.
        client.release(lost)
      }
    },
    close: () => pool.end(),
  }
}
