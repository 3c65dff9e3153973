/**
 * Presignatures (DKLs23) and nonces (FROST): sealed, single-use records.
 * docs/THRESHOLD.md#presignatures: Mark a presignature consumed in durable storage before releasing
 * w_i and "Nonces are one-time: persist, and delete before releasing a share".
 * `consumePresignature` therefore commits `consumed_at` and erases the ciphertext and wrapped data
 * key before it returns the secret; a second consumption fails with AlreadyConsumed, whichever
 * process tries it.
 */
import type { Keyring } from '../crypto/masterKey.ts'
import type { RecordContext } from '../crypto/recordContext.ts'
import { openRecord, sealRecord } from '../crypto/sealRecord.ts'
import { CosignerError } from '../errors.ts'
import { type RateSlot, rateSlotsSql } from '../policy/policyStore.ts'
import type { Queryable } from './database.ts'

export type PresignatureKind = 'presignature' | 'nonce'

export interface PresignatureRef {
  identity: string
  keyId: string
  epoch: number
  recordId: string
  kind: PresignatureKind
}

export const presignatureContext = (ref: PresignatureRef): RecordContext => ({
  kind: ref.kind,
  identity: ref.identity,
  keyId: ref.keyId,
  epoch: ref.epoch,
  recordId: ref.recordId,
})

export async function putPresignature(
  db: Queryable,
  keyring: Keyring,
  ref: PresignatureRef,
  secret: Uint8Array,
  now: number,
): Promise<void> {
  const sealed = sealRecord(keyring, presignatureContext(ref), secret)
  await db.query(
    `INSERT INTO presignatures (identity, key_id, epoch, record_id, kind, dek, kek_id, ciphertext, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      ref.identity,
      ref.keyId,
      ref.epoch,
      ref.recordId,
      ref.kind,
      sealed.dek,
      sealed.kekId,
      sealed.ciphertext,
      now,
    ],
  )
}

/**
 * One statement, committed on its own: `old` reads the sealed secret from the statement's
 * snapshot, the UPDATE (which takes the row lock) marks it consumed and erases it, and the secret
 * is returned only when that UPDATE happened. Two processes racing for one record: the second's
 * UPDATE waits on the row lock, re-checks `consumed_at IS NULL` against the committed row, updates
 * nothing, and the caller gets AlreadyConsumed. With `requireActiveEpoch`, the same statement
 * consumes only while the key's epoch is `active` (Conflict otherwise, nothing consumed): a
 * refresh that retires the epoch and a signature never both win. The secret is opened after the commit; a record that
 * does not open (tampered) is consumed all the same and never signs.
 */
export async function consumePresignature(
  db: Queryable,
  keyring: Keyring,
  ref: PresignatureRef,
  now: number,
  options: { requireActiveEpoch?: boolean } = {},
): Promise<Uint8Array> {
  const rows = await db.query<{
    kind: PresignatureKind
    dek: Uint8Array
    kek_id: string
    ciphertext: Uint8Array
    consumed_at: number | null
    taken: boolean
    active: boolean
  }>(
    `WITH current_epoch AS (
       SELECT EXISTS (SELECT 1 FROM keys WHERE identity = $1 AND key_id = $2 AND epoch = $3
                      AND status = 'active') AS active
     ), old AS (
       SELECT kind, dek, kek_id, ciphertext, consumed_at FROM presignatures
       WHERE identity = $1 AND key_id = $2 AND epoch = $3 AND record_id = $4
     ), taken AS (
       UPDATE presignatures SET consumed_at = $5, dek = '\\x', ciphertext = '\\x'
       WHERE identity = $1 AND key_id = $2 AND epoch = $3 AND record_id = $4
         AND kind = $6 AND consumed_at IS NULL
         AND (NOT $7::boolean OR (SELECT active FROM current_epoch))
       RETURNING 1
     )
     SELECT old.*, EXISTS (SELECT 1 FROM taken) AS taken,
            (SELECT active FROM current_epoch) AS active
     FROM old`,
    [
      ref.identity,
      ref.keyId,
      ref.epoch,
      ref.recordId,
      now,
      ref.kind,
      options.requireActiveEpoch === true,
    ],
  )
  const row = rows[0]
  if (options.requireActiveEpoch === true && row?.active !== true) {
    throw new CosignerError(
      'Conflict',
      `key ${ref.keyId} epoch ${ref.epoch} is not the current epoch`,
    )
  }
  if (row === undefined || row.kind !== ref.kind) {
    throw new CosignerError('NotFound', `no ${ref.kind} ${ref.recordId} for key ${ref.keyId}`)
  }
  if (row.consumed_at !== null || !row.taken) {
    throw new CosignerError(
      'AlreadyConsumed',
      `${ref.kind} ${ref.recordId} was already consumed at ${row.consumed_at ?? now}; it is never reused`,
    )
  }
  return openRecord(keyring, presignatureContext(ref), {
    dek: row.dek,
    kekId: row.kek_id,
    ciphertext: row.ciphertext,
  })
}

/** One member of a batched consumption (`consumePresignatures`). */
export interface ConsumeRequest {
  ref: PresignatureRef
  /** Consume only while the key's epoch is `active` (Conflict otherwise, nothing consumed). */
  requireActiveEpoch: boolean
}

/** A consumed record, still sealed: `openConsumed` opens it (after the commit). */
export interface ConsumedRecord {
  readonly ref: PresignatureRef
  readonly sealed: { dek: Uint8Array; kekId: string; ciphertext: Uint8Array }
}

/**
 * Several consumptions in one statement, inside the caller's transaction (audit/auditLog.ts
 * commits them with the records of their release): each member is consumed or gets its own error
 * (NotFound, AlreadyConsumed, Conflict), never another member's. The rows are locked in key order
 * first (`FOR UPDATE`, sorted), so two processes consuming overlapping batches wait for each other
 * instead of deadlocking; a row another transaction consumed meanwhile is re-read as committed
 * and left alone (`consumed_at IS NULL` is checked again on the locked row). A record named twice
 * in one batch is consumed by its first member; the others get AlreadyConsumed. Nothing is
 * durable until the caller's transaction commits, and nothing may be released before it does.
 */
export async function consumePresignatures(
  tx: Queryable,
  requests: readonly ConsumeRequest[],
  now: number,
): Promise<(ConsumedRecord | CosignerError)[]> {
  return (await consume(tx, requests, now, undefined)).results
}

/**
 * `consumePresignatures` and `takeRateSlots` (policyStore.ts) in ONE statement, one snapshot: the
 * rate slots of `slots` are taken as there, and a request whose `versions[k]` (the policy version
 * its decision was made at; null: none) is not the current version is not consumed (its result
 * is a Conflict the caller replaces). Returns the current version and the refused counters'
 * dapps beside the results; a caller finding any refused rolls the transaction back.
 */
export async function consumePresignaturesUnderPolicy(
  tx: Queryable,
  requests: readonly ConsumeRequest[],
  now: number,
  policy: {
    versions: readonly (number | null)[]
    slots: readonly (RateSlot & { version: number })[]
  },
): Promise<{ results: (ConsumedRecord | CosignerError)[]; version: number; refused: string[] }> {
  const { results, gate } = await consume(tx, requests, now, policy)
  if (gate === undefined) throw new Error('policy_version row is missing: the schema is damaged')
  return { results, ...gate }
}

async function consume(
  tx: Queryable,
  requests: readonly ConsumeRequest[],
  now: number,
  policy: Parameters<typeof consumePresignaturesUnderPolicy>[3] | undefined,
): Promise<{
  results: (ConsumedRecord | CosignerError)[]
  gate?: { version: number; refused: string[] }
}> {
  const out: (ConsumedRecord | CosignerError | undefined)[] = requests.map(() => undefined)
  const seen = new Set<string>()
  const unique: number[] = []
  for (const [k, { ref }] of requests.entries()) {
    const name = JSON.stringify([ref.identity, ref.keyId, ref.epoch, ref.recordId])
    if (seen.has(name)) out[k] = alreadyConsumed(ref, now)
    else {
      seen.add(name)
      unique.push(k)
    }
  }
  const col = <T>(f: (r: ConsumeRequest) => T) =>
    unique.map((k) => f(requests[k] as ConsumeRequest))
  // With a policy: the rate CTEs first ($10…$14), each request's decision version ($9).
  const rate = policy === undefined ? undefined : rateSlotsSql(policy.slots, 10)
  const rows =
    unique.length === 0 && rate === undefined
      ? []
      : await tx.query<{
          n: number | null
          kind: PresignatureKind | null
          dek: Uint8Array | null
          kek_id: string | null
          ciphertext: Uint8Array | null
          consumed_at: number | null
          active: boolean | null
          taken: boolean | null
          policy_version?: number
          refused?: string[] | null
        }>(
          `WITH ${rate === undefined ? '' : `${rate.ctes},`} wanted AS (
             SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::boolean[]${rate === undefined ? '' : ', $9::int8[]'})
               AS w(n, identity, key_id, epoch, record_id, kind, require_active${rate === undefined ? '' : ', version'})
           ), locked AS (
             SELECT p.identity, p.key_id, p.epoch, p.record_id, p.kind AS stored_kind, p.dek, p.kek_id,
                    p.ciphertext, p.consumed_at
             FROM presignatures p JOIN wanted w USING (identity, key_id, epoch, record_id)
             ORDER BY p.identity, p.key_id, p.epoch, p.record_id
             FOR UPDATE OF p
           ), status AS (
             SELECT w.*, l.stored_kind, l.dek, l.kek_id, l.ciphertext, l.consumed_at,
                    EXISTS (SELECT 1 FROM keys k WHERE k.identity = w.identity AND k.key_id = w.key_id
                            AND k.epoch = w.epoch AND k.status = 'active') AS active
             FROM wanted w LEFT JOIN locked l USING (identity, key_id, epoch, record_id)
           ), taken AS (
             UPDATE presignatures p SET consumed_at = $8, dek = '\\x', ciphertext = '\\x'
             FROM status s
             WHERE p.identity = s.identity AND p.key_id = s.key_id AND p.epoch = s.epoch
               AND p.record_id = s.record_id AND p.kind = s.kind AND p.consumed_at IS NULL
               AND (NOT s.require_active OR s.active)${
                 rate === undefined
                   ? ''
                   : `
               AND (s.version IS NULL OR s.version = ${rate.version})`
               }
             RETURNING s.n
           )
           SELECT s.n, s.stored_kind AS kind, s.dek, s.kek_id, s.ciphertext, s.consumed_at, s.active,
                  EXISTS (SELECT 1 FROM taken t WHERE t.n = s.n) AS taken${
                    rate === undefined
                      ? ''
                      : `,
                  ${rate.version} AS policy_version, ${rate.refused} AS refused`
                  }
           FROM ${rate === undefined ? 'status s' : `(SELECT 1) AS one LEFT JOIN status s ON true`}`,
          [
            unique,
            col((r) => r.ref.identity),
            col((r) => r.ref.keyId),
            col((r) => r.ref.epoch),
            col((r) => r.ref.recordId),
            col((r) => r.ref.kind),
            col((r) => r.requireActiveEpoch),
            now,
            ...(policy === undefined || rate === undefined
              ? []
              : [unique.map((k) => policy.versions[k] ?? null), ...rate.params]),
          ],
        )
  const first = rows[0]
  const gate =
    rate === undefined || first === undefined
      ? undefined
      : { version: Number(first.policy_version), refused: first.refused ?? [] }
  for (const row of rows) {
    const k = row.n
    if (k === null) continue
    const { ref, requireActiveEpoch } = requests[k] as ConsumeRequest
    const decidedAt = policy?.versions[k] ?? null
    if (gate !== undefined && decidedAt !== null && decidedAt !== gate.version)
      out[k] = new CosignerError(
        'Conflict',
        `${ref.kind} ${ref.recordId} was decided under policy version ${decidedAt}, now ${gate.version}: not consumed`,
      )
    else if (requireActiveEpoch && row.active !== true)
      out[k] = new CosignerError(
        'Conflict',
        `key ${ref.keyId} epoch ${ref.epoch} is not the current epoch`,
      )
    else if (row.kind === null || row.kind !== ref.kind)
      out[k] = new CosignerError('NotFound', `no ${ref.kind} ${ref.recordId} for key ${ref.keyId}`)
    else if (row.consumed_at !== null || !row.taken)
      out[k] = alreadyConsumed(ref, row.consumed_at ?? now)
    else
      out[k] = {
        ref,
        sealed: {
          dek: row.dek as Uint8Array,
          kekId: row.kek_id as string,
          ciphertext: row.ciphertext as Uint8Array,
        },
      }
  }
  const results = out.map(
    (o, k) =>
      o ??
      new CosignerError(
        'Internal',
        `the consumption of ${requests[k]?.ref.recordId} returned no row`,
      ),
  )
  return gate === undefined ? { results } : { results, gate }
}

/** Opens a record `consumePresignatures` took, once its transaction committed. */
export function openConsumed(keyring: Keyring, consumed: ConsumedRecord): Uint8Array {
  return openRecord(keyring, presignatureContext(consumed.ref), consumed.sealed)
}

const alreadyConsumed = (ref: PresignatureRef, at: number) =>
  new CosignerError(
    'AlreadyConsumed',
    `${ref.kind} ${ref.recordId} was already consumed at ${at}; it is never reused`,
  )

export async function countUnconsumed(
  db: Queryable,
  identity: string,
  keyId: string,
  epoch: number,
) {
  const rows = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM presignatures
     WHERE identity = $1 AND key_id = $2 AND epoch = $3 AND consumed_at IS NULL`,
    [identity, keyId, epoch],
  )
  return rows[0]?.n ?? 0
}

/**
 * After a database restore (docs/COSIGNER.md#storage): marks every unconsumed presignature and
 * nonce consumed and erases its secret, in one statement. A restored backup may hold rows that
 * were consumed after it was taken; releasing one of them again would sign twice with one
 * presignature or nonce and reveal the share. The devices fall back to the full protocol.
 */
export async function burnSingleUse(
  db: Queryable,
  now: number,
): Promise<{ presignatures: number; nonces: number }> {
  const rows = await db.query<{ kind: PresignatureKind; n: number }>(
    `WITH burned AS (
       UPDATE presignatures SET consumed_at = $1, dek = '\\x', ciphertext = '\\x'
       WHERE consumed_at IS NULL
       RETURNING kind
     )
     SELECT kind, count(*)::int AS n FROM burned GROUP BY kind`,
    [now],
  )
  const of = (kind: PresignatureKind) => rows.find((r) => r.kind === kind)?.n ?? 0
  return { presignatures: of('presignature'), nonces: of('nonce') }
}
