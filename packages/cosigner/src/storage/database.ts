/**
 * The one small query interface both storage engines implement: parameterised queries
 * (`$1`, `$2`… as in PostgreSQL), multi-statement `exec` for migrations, and transactions.
 * Rows come back normalised: `bytea` as Uint8Array (never Buffer), `int8` as number.
 * Never interpolates values into SQL text; never logs parameters (they may hold ciphertexts).
 */

export type Row = Record<string, unknown>

export interface Queryable {
  /** One statement with parameters; returns its rows. */
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>
  /** Several statements, no parameters (migrations only). */
  exec(sql: string): Promise<void>
}

export type EngineName = 'pglite' | 'postgres'

export interface Database extends Queryable {
  readonly engine: EngineName
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>
  close(): Promise<void>
}

/** Converts driver values to the shapes the rest of the co-signer expects. */
export function normaliseRow<T extends Row>(row: Row): T {
  const out: Row = {}
  for (const [key, value] of Object.entries(row)) {
    out[key] =
      value instanceof Uint8Array && !(value.constructor === Uint8Array)
        ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice()
        : value
  }
  return out as T
}
