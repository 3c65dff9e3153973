/**
 * The append-only audit log: logins, DKGs, signatures (what was signed), refreshes,
 * recoveries, exports and policy decisions. `appendAudit` extends the hash chain under a row
 * lock on `audit_head`, so processes sharing one database append one batch at a time (appends
 * that arrive together are group-committed in one transaction); the table's
 * trigger refuses UPDATE and DELETE. An append may carry a `with` statement that must commit in
 * the same transaction (a presignature's consumption beside the record of its release): its
 * record is written only when that statement succeeded. Reads are always scoped to one identity
 * and dapp.
 * Callers put digests, addresses, amounts and rule names in `data` — never tokens or shares.
 */
import { CosignerError } from '../errors.ts'
import type { Database, Queryable } from '../storage/database.ts'
import { type AuditKind, type AuditRecord, auditHash } from './auditHash.ts'
import { canonicalJson } from './canonical.ts'

export interface AuditEntry {
  identity: string
  dappId: string
  kind: AuditKind
  data: unknown
}

export interface StoredAuditRecord extends AuditRecord {
  prevHash: Uint8Array
  hash: Uint8Array
}

/**
 * Work committed in the same transaction as the record, run after the head lock is taken (so
 * every transaction that holds both takes them in one order). A `CosignerError` it throws (e.g.
 * an already consumed presignature) drops this record alone and rejects its append, while what
 * the statement wrote commits with the batch; any other error (the database failed) fails the
 * whole batch, rolled back.
 */
export type AuditWith<T> = (tx: Queryable) => Promise<T>

interface Pending {
  entry: AuditEntry
  now: number
  with?: AuditWith<unknown>
  resolve: (result: { record: StoredAuditRecord; with: unknown }) => void
  reject: (error: unknown) => void
}

/**
 * Group commit, per database handle: appends that arrive while a batch is being written wait
 * for the next batch, and each batch is one transaction (one head lock, one multi-row INSERT,
 * one head update). Nothing is delayed on purpose: an append on an idle handle is written at
 * once, alone. Under load the lock, the round trips and the commit are paid once per batch.
 */
const queues = new WeakMap<Database, { pending: Pending[]; writing: boolean }>()

/** Largest batch per transaction (bounds the statement's parameter count: 8 per record). */
const MAX_BATCH = 256

export async function appendAudit(
  db: Database,
  entry: AuditEntry,
  now: number,
): Promise<StoredAuditRecord> {
  const [appended] = await appendAudits(db, [{ entry }], now)
  return (appended as { record: StoredAuditRecord }).record
}

/**
 * Several records, queued together in order (so they share a transaction unless a batch fills
 * up between them); each may carry a `with` statement (AuditWith). Resolves once every one is
 * committed, with each record and its statement's result; rejects with the first failure.
 */
export async function appendAudits<T = unknown>(
  db: Database,
  items: readonly { entry: AuditEntry; with?: AuditWith<T> }[],
  now: number,
): Promise<{ record: StoredAuditRecord; with: T }[]> {
  // Fail before queueing if the data cannot be encoded: one bad entry never fails a batch.
  for (const { entry } of items) canonicalJson(entry.data, 'data')
  let queue = queues.get(db)
  if (queue === undefined) {
    queue = { pending: [], writing: false }
    queues.set(db, queue)
  }
  const q = queue
  const results = items.map(
    (item) =>
      new Promise<{ record: StoredAuditRecord; with: T }>((resolve, reject) => {
        q.pending.push({
          entry: item.entry,
          now,
          ...(item.with === undefined ? {} : { with: item.with }),
          resolve: resolve as Pending['resolve'],
          reject,
        })
      }),
  )
  if (!q.writing) void drain(db, q)
  return Promise.all(results)
}

async function drain(db: Database, queue: { pending: Pending[]; writing: boolean }) {
  queue.writing = true
  try {
    while (queue.pending.length > 0) {
      const batch = queue.pending.splice(0, MAX_BATCH)
      try {
        const outcomes = await writeBatch(db, batch)
        for (const [k, p] of batch.entries()) {
          const outcome = outcomes[k] as Outcome
          if ('error' in outcome) p.reject(outcome.error)
          else p.resolve(outcome)
        }
      } catch (error) {
        for (const p of batch) p.reject(error)
      }
    }
  } finally {
    queue.writing = false
  }
}

type Outcome = { record: StoredAuditRecord; with: unknown } | { error: unknown }

function writeBatch(db: Database, batch: readonly Pending[]): Promise<Outcome[]> {
  return db.transaction(async (tx) => {
    const heads = await tx.query<{ seq: number; hash: Uint8Array }>(
      'SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE',
    )
    const head = heads[0]
    if (head === undefined) throw new Error('audit_head row is missing: the schema is damaged')
    let { seq, hash: prevHash } = head
    const outcomes: Outcome[] = []
    const params: unknown[] = []
    const rows: string[] = []
    for (const pending of batch) {
      const { entry, now } = pending
      let withResult: unknown
      if (pending.with !== undefined) {
        try {
          withResult = await pending.with(tx)
        } catch (error) {
          // A refusal of this record's own statement: it is not written; the batch goes on.
          if (!(error instanceof CosignerError)) throw error
          outcomes.push({ error })
          continue
        }
      }
      seq += 1
      const record: AuditRecord = { seq, at: now, ...entry }
      const hash = auditHash(prevHash, record)
      const base = params.length
      rows.push(`(${Array.from({ length: 8 }, (_, k) => `$${base + k + 1}`).join(', ')})`)
      params.push(
        seq,
        now,
        entry.identity,
        entry.dappId,
        entry.kind,
        canonicalJson(entry.data, 'data'),
        prevHash,
        hash,
      )
      outcomes.push({ record: { ...record, prevHash, hash }, with: withResult })
      prevHash = hash
    }
    if (rows.length === 0) return outcomes
    // One statement: the records and the new head (the head's parameters follow the rows').
    const at = params.length
    params.push(seq, prevHash)
    await tx.query(
      `WITH appended AS (
         INSERT INTO audit_log (seq, at, identity, dapp_id, kind, body, prev_hash, hash)
         VALUES ${rows.join(', ')}
       )
       UPDATE audit_head SET seq = $${at + 1}, hash = $${at + 2} WHERE id = 1`,
      params,
    )
    return outcomes
  })
}

interface Row {
  seq: number
  at: number
  identity: string
  dapp_id: string
  kind: AuditKind
  body: string
  prev_hash: Uint8Array
  hash: Uint8Array
  [column: string]: unknown
}

export const toStored = (row: Row): StoredAuditRecord => ({
  seq: row.seq,
  at: row.at,
  identity: row.identity,
  dappId: row.dapp_id,
  kind: row.kind,
  data: JSON.parse(row.body),
  prevHash: row.prev_hash,
  hash: row.hash,
})

/** One identity's records for one dapp, newest first, `limit` at most, before `beforeSeq`. */
export async function listAudit(
  db: Queryable,
  identity: string,
  dappId: string,
  options: { limit?: number; beforeSeq?: number } = {},
): Promise<StoredAuditRecord[]> {
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 1000)
  const rows = await db.query<Row>(
    `SELECT seq, at, identity, dapp_id, kind, body, prev_hash, hash FROM audit_log
     WHERE identity = $1 AND dapp_id = $2 AND seq < $3 ORDER BY seq DESC LIMIT $4`,
    [identity, dappId, options.beforeSeq ?? Number.MAX_SAFE_INTEGER, limit],
  )
  return rows.map(toStored)
}
