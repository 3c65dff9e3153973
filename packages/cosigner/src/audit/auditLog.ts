/**
 * The append-only audit log: logins, DKGs, signatures (what was signed), refreshes,
 * recoveries, exports and policy decisions. `appendAudit` extends the hash chain under a row
 * lock on `audit_head`, so processes sharing one database append one batch at a time (appends
 * that arrive together are group-committed in one transaction); the table's
 * trigger refuses UPDATE and DELETE. Reads are always scoped to one identity and dapp.
 * Callers put digests, addresses, amounts and rule names in `data` — never tokens or shares.
 */
import {
  notePolicyVersion,
  PolicyChangedError,
  RateSlotRefusedError,
} from '../policy/policyCache.ts'
import { type RateSlot, takeRateSlots } from '../policy/policyStore.ts'
import type { Database, Queryable } from '../storage/database.ts'
import {
  type ConsumedRecord,
  type ConsumeRequest,
  consumePresignatures,
  consumePresignaturesUnderPolicy,
} from '../storage/presignatures.ts'
import { APPEND_STATEMENT, appendInput } from './appendStatement.ts'
import type { AuditKind, AuditRecord } from './auditHash.ts'
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
 * One caller's unit in the queue: its records, in order, always in one transaction; with
 * `consume`, a presignature (or nonce) consumed in that same transaction before its records are
 * appended, and nothing of it written when the consumption fails.
 */
interface Pending {
  entries: readonly AuditEntry[]
  /** Each entry's `data`, canonically encoded once (at enqueue, where a bad one fails alone). */
  bodies: readonly string[]
  now: number
  consume?: ConsumeRequest
  /**
   * Runs in the transaction on the consumed record, before the records are appended: what it
   * returns is the caller's; when it throws, the record stays consumed (the transaction commits)
   * but none of `entries` is written and the caller gets the error.
   */
  open?: (consumed: ConsumedRecord) => unknown
  /**
   * The policy decision among `entries` was made from cached documents of `version`: in the
   * transaction, before anything else of this unit, the version must still be current (else it
   * fails with PolicyChangedError, nothing of it written or spent) and its rate slots are taken
   * (a full counter rolls the batch back; alone, the unit fails with RateSlotRefusedError).
   */
  policy?: CommitPolicy
  resolve: (result: { records: StoredAuditRecord[]; opened?: unknown }) => void
  reject: (error: unknown) => void
}

/** What a decision made from the policy cache still needs at its commit (see `Pending.policy`). */
export interface CommitPolicy {
  version: number
  rateSlots: readonly RateSlot[]
}

/**
 * Group commit, per database handle: appends that arrive while a batch is being written wait
 * for the next batch, and each batch is one transaction (one statement locking the head, hashing
 * and inserting the records and moving the head; with consumptions, one statement consuming them
 * all first). Nothing is
 * delayed on purpose: an append on an idle handle is written at once, alone. Under load the
 * lock, the round trips and the commit are paid once per batch. Every caller is answered only
 * after its batch committed (or with its error): nothing is acknowledged that a crash could undo.
 * A batch the database refuses before its commit (one member's bad row) was rolled back whole,
 * so each of its members is written again on its own: the bad member fails alone. A commit
 * whose outcome is unknown (the connection lost during COMMIT) fails every member of it.
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
  const bodies = entries.map((entry) => canonicalJson(entry.data, 'data'))
  const results = entries.map((entry, k) =>
    enqueue(db, { entries: [entry], bodies: [bodies[k] as string], now }),
  )
  return (await Promise.all(results)).map((r) => r.records[0] as StoredAuditRecord)
}

/**
 * Consumes a presignature or nonce and appends `entries` (the record of its release, with any
 * decision held for it) in ONE transaction, group-committed with whatever else is queued: the
 * record is durable as consumed, and its release audited, before this resolves, and it resolves
 * only after that commit. `open` runs inside the transaction on the consumed (sealed) record,
 * before `entries` are appended: it opens and checks it, and its result is returned. A
 * consumption that fails (NotFound, AlreadyConsumed, Conflict) rejects with its own error and
 * writes none of `entries`; an `open` that throws leaves the record consumed (it never signs)
 * and rejects with that error, none of `entries` written. Other members of the batch go on.
 */
export async function consumeAndAppend<T>(
  db: Database,
  consume: ConsumeRequest,
  entries: readonly AuditEntry[],
  now: number,
  open: (consumed: ConsumedRecord) => T,
  policy?: CommitPolicy,
): Promise<{ records: StoredAuditRecord[]; opened: T }> {
  const bodies = entries.map((entry) => canonicalJson(entry.data, 'data'))
  const { records, opened } = await enqueue(db, {
    entries,
    bodies,
    now,
    consume,
    open,
    ...(policy === undefined ? {} : { policy }),
  })
  return { records, opened: opened as T }
}

function enqueue(db: Database, unit: Omit<Pending, 'resolve' | 'reject'>) {
  let queue = queues.get(db)
  if (queue === undefined) {
    queue = { pending: [], writing: false }
    queues.set(db, queue)
  }
  const q = queue
  const result = new Promise<{ records: StoredAuditRecord[]; opened?: unknown }>(
    (resolve, reject) => {
      q.pending.push({ ...unit, resolve, reject })
    },
  )
  if (!q.writing) void drain(db, q)
  return result
}

/** The next batch: whole units, at most MAX_BATCH records (a larger unit goes alone). */
function takeBatch(pending: Pending[]): Pending[] {
  let records = 0
  let n = 0
  while (n < pending.length) {
    const size = (pending[n] as Pending).entries.length
    if (n > 0 && records + size > MAX_BATCH) break
    records += size
    n += 1
  }
  return pending.splice(0, n)
}

async function drain(db: Database, queue: { pending: Pending[]; writing: boolean }) {
  queue.writing = true
  try {
    while (queue.pending.length > 0) {
      const batch = takeBatch(queue.pending)
      const outcome = await writeBatch(db, batch)
      if (outcome.refused !== undefined && batch.length > 1) {
        // Rolled back whole before its commit: each member again, alone, so that only the
        // member the database refuses fails.
        for (const unit of batch) {
          const alone = await writeBatch(db, [unit])
          if (alone.refused !== undefined) unit.reject(alone.refused)
        }
      } else if (outcome.refused !== undefined) for (const p of batch) p.reject(outcome.refused)
    }
  } finally {
    queue.writing = false
  }
}

/**
 * One transaction for `batch`; answers its members once it committed (members whose consumption
 * failed get their own error). `refused`: the database refused a statement, so the transaction
 * was rolled back whole and nobody was answered. A failed COMMIT rejects every member here.
 */
async function writeBatch(db: Database, batch: readonly Pending[]): Promise<{ refused?: unknown }> {
  let committing = false
  const failed: [Pending, unknown][] = []
  let written: { unit: Pending; records: StoredAuditRecord[]; opened?: unknown }[] = []
  try {
    await db.transaction(async (tx) => {
      failed.length = 0
      const { live, opened } = await consumeBatch(db, tx, batch, failed)
      const appending = live.filter((p) => p.consume === undefined || opened.has(p))
      const records = appending.length === 0 ? [] : await appendRecords(tx, appending)
      let at = 0
      written = appending.map((unit) => {
        const mine = records.slice(at, at + unit.entries.length)
        at += unit.entries.length
        return opened.has(unit)
          ? { unit, records: mine, opened: opened.get(unit) }
          : { unit, records: mine }
      })
      committing = true
    })
  } catch (error) {
    if (!committing) return { refused: error }
    for (const p of batch) p.reject(error)
    return {}
  }
  for (const [unit, error] of failed) unit.reject(error)
  for (const { unit, records, opened } of written) unit.resolve({ records, opened })
  return {}
}

/**
 * The batch's consumptions, each consumed record opened: with the policy check (version and rate
 * slots) in the same statement when every member with a policy consumes (it always does: a
 * decision from the cache is held for a release). Returns the members whose decisions still hold
 * (`holding`) and what each consuming one opened; the others are in `failed`.
 */
async function consumeBatch(
  db: Database,
  tx: Queryable,
  batch: readonly Pending[],
  failed: [Pending, unknown][],
): Promise<{ live: readonly Pending[]; opened: Map<Pending, unknown> }> {
  const opened = new Map<Pending, unknown>()
  let consuming = batch.filter((p) => p.consume !== undefined)
  let live: readonly Pending[]
  let results: (ConsumedRecord | Error)[] = []
  if (consuming.length > 0 && batch.every((p) => p.policy === undefined || p.consume)) {
    // One statement: the policy version and rate slots (when any member has a policy) and
    // the consumptions of the members whose decisions still hold.
    const now = Math.max(...consuming.map((p) => p.now))
    const requests = consuming.map((p) => p.consume as ConsumeRequest)
    if (batch.some((p) => p.policy !== undefined)) {
      const gated = await consumePresignaturesUnderPolicy(tx, requests, now, {
        versions: consuming.map((p) => p.policy?.version ?? null),
        slots: rateSlotsOf(batch),
      })
      live = holding(db, batch, gated, failed)
      results = gated.results
    } else {
      live = batch
      results = await consumePresignatures(tx, requests, now)
    }
  } else {
    live = await checkPolicies(db, tx, batch, failed)
    consuming = live.filter((p) => p.consume !== undefined)
    if (consuming.length > 0)
      results = await consumePresignatures(
        tx,
        consuming.map((p) => p.consume as ConsumeRequest),
        Math.max(...consuming.map((p) => p.now)),
      )
  }
  for (const [k, unit] of consuming.entries()) {
    if (!live.includes(unit)) continue
    const r = results[k]
    if (r instanceof Error || r === undefined) {
      failed.push([unit, r])
      continue
    }
    try {
      opened.set(unit, unit.open === undefined ? r : unit.open(r))
    } catch (error) {
      // Consumed all the same (this transaction commits): it never signs.
      failed.push([unit, error])
    }
  }
  return { live, opened }
}

/** The rate slots of the batch's members with a `policy`, each with the version it was decided at. */
const rateSlotsOf = (batch: readonly Pending[]) =>
  batch.flatMap(({ policy }) =>
    policy === undefined
      ? []
      : policy.rateSlots.map((slot) => ({ ...slot, version: policy.version })),
  )

/**
 * The batch's members whose decisions still hold, given the policy version and the refused rate
 * counters read at the commit: a member whose version is not the current one fails
 * (PolicyChangedError; its slots were not taken, its presignature not consumed); a full counter
 * throws RateSlotRefusedError, which rolls the batch back (each member is then written alone, so
 * only those the limit refuses fail).
 */
function holding(
  db: Database,
  batch: readonly Pending[],
  { version, refused }: { version: number; refused: readonly string[] },
  failed: [Pending, unknown][],
): readonly Pending[] {
  notePolicyVersion(db, version)
  if (refused.length > 0) throw new RateSlotRefusedError([...refused])
  return batch.filter((p) => {
    if (p.policy === undefined || p.policy.version === version) return true
    failed.push([p, new PolicyChangedError(p.policy.version, version)])
    return false
  })
}

/**
 * `holding` for a batch whose policy members do not all consume: one statement reads the policy
 * version and takes their rate slots (policyStore.ts `takeRateSlots`) before anything else.
 */
async function checkPolicies(
  db: Database,
  tx: Queryable,
  batch: readonly Pending[],
  failed: [Pending, unknown][],
): Promise<readonly Pending[]> {
  if (batch.every((p) => p.policy === undefined)) return batch
  return holding(db, batch, await takeRateSlots(tx, rateSlotsOf(batch)), failed)
}

/**
 * The units' records appended to the chain under the head lock, in order, in `tx`: ONE
 * statement (appendStatement.ts) locks the head, hashes the records in order from it (the
 * database's SHA-256 over the bytes `auditHashOfEncoded` hashes), inserts them and moves the head,
 * so the head lock is held from that statement to the COMMIT only.
 */
async function appendRecords(
  tx: Queryable,
  units: readonly Pending[],
): Promise<StoredAuditRecord[]> {
  const input = appendInput()
  for (const { entries, bodies, now } of units)
    for (const [k, entry] of entries.entries()) input.add(entry, now, bodies[k] as string)
  const rows = await tx.query<{ seq: number; prev_hash: Uint8Array; hash: Uint8Array }>(
    APPEND_STATEMENT,
    input.params(),
  )
  if (rows.length !== input.records.length)
    throw new Error('audit_head row is missing: the schema is damaged')
  return input.records.map((record, k) => {
    const row = rows[k] as (typeof rows)[number]
    return { ...record, seq: Number(row.seq), prevHash: row.prev_hash, hash: row.hash }
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
