/**
 * The append-only audit log: logins, DKGs, signatures (what was signed), refreshes,
 * recoveries, exports and policy decisions. `appendAudit` extends the hash chain under a row
 * lock on `audit_head`, so processes sharing one database append one at a time; the table's
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

export async function appendAudit(
  db: Database,
  entry: AuditEntry,
  now: number,
): Promise<StoredAuditRecord> {
  // Fail before taking the lock if the data cannot be encoded.
  canonicalJson(entry.data, 'data')
  return db.transaction(async (tx) => {
    const heads = await tx.query<{ seq: number; hash: Uint8Array }>(
      'SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE',
    )
    const head = heads[0]
    if (head === undefined) throw new Error('audit_head row is missing: the schema is damaged')
    const record: AuditRecord = { seq: head.seq + 1, at: now, ...entry }
    const hash = auditHash(head.hash, record)
    await tx.query(
      `INSERT INTO audit_log (seq, at, identity, dapp_id, kind, body, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        record.seq,
        now,
        entry.identity,
        entry.dappId,
        entry.kind,
        canonicalJson(entry.data, 'data'),
        head.hash,
        hash,
      ],
    )
    await tx.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [record.seq, hash])
    return { ...record, prevHash: head.hash, hash }
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
