/**
 * The append-only audit log: logins, DKGs, signatures (what was signed), refreshes,
 * recoveries, exports and policy decisions. `appendAudit` extends the hash chain under a row
 * lock on `audit_head`, so processes sharing one database append one batch at a time (appends
 * that arrive together are group-committed in one transaction); the table's
 * trigger refuses UPDATE and DELETE. Reads are always scoped to one identity and dapp.
 * Callers put digests, addresses, amounts and rule names in `data` — never tokens or shares.
 */
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

interface Pending {
  entry: AuditEntry
  now: number
  resolve: (record: StoredAuditRecord) => void
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
  return (await appendAudits(db, [entry], now))[0] as StoredAuditRecord
}

/**
 * Several records, queued together in order, so that they share a transaction (unless a batch
 * fills up between them). Resolves once every one is committed.
 */
export async function appendAudits(
  db: Database,
  entries: readonly AuditEntry[],
  now: number,
): Promise<StoredAuditRecord[]> {
  // Fail before queueing if the data cannot be encoded: one bad entry never fails a batch.
  for (const entry of entries) canonicalJson(entry.data, 'data')
  let queue = queues.get(db)
  if (queue === undefined) {
    queue = { pending: [], writing: false }
    queues.set(db, queue)
  }
  const q = queue
  const results = entries.map(
    (entry) =>
      new Promise<StoredAuditRecord>((resolve, reject) => {
        q.pending.push({ entry, now, resolve, reject })
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
        const records = await writeBatch(db, batch)
        for (const [k, p] of batch.entries()) p.resolve(records[k] as StoredAuditRecord)
      } catch (error) {
        for (const p of batch) p.reject(error)
      }
    }
  } finally {
    queue.writing = false
  }
}

function writeBatch(db: Database, batch: readonly Pending[]): Promise<StoredAuditRecord[]> {
  return db.transaction(async (tx) => {
    const heads = await tx.query<{ seq: number; hash: Uint8Array }>(
      'SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE',
    )
    const head = heads[0]
    if (head === undefined) throw new Error('audit_head row is missing: the schema is damaged')
    let { seq, hash: prevHash } = head
    const records: StoredAuditRecord[] = []
    const params: unknown[] = []
    const rows: string[] = []
    for (const { entry, now } of batch) {
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
      records.push({ ...record, prevHash, hash })
      prevHash = hash
    }
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
    return records
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
