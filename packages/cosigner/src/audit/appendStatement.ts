/**
 * The group commit's append as ONE statement (auditLog.ts `appendRecords`): it locks the chain's
 * head (`FOR UPDATE`), hashes the records in order from it with the database's SHA-256, over the
 * very bytes `auditHash` hashes (`lengthPrefixed(TAG, prev_hash, record body)`, the body's `seq`
 * being the only part the head decides), inserts them and moves the head. One shape for every
 * batch size (arrays, not rows of parameters), so one prepared statement. `verify-audit` recomputes
 * every hash in JavaScript (auditHash.ts); the contract tests compare the two.
 */
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { lengthPrefixed } from '../crypto/lengthPrefixed.ts'
import { AUDIT_TAG, type AuditRecord, encodedBodyAround } from './auditHash.ts'
import type { AuditEntry } from './auditLog.ts'

/** u32be(len TAG) ‖ TAG: the part of every record's hash input before the previous hash. */
const TAG_PREFIX = lengthPrefixed(utf8ToBytes(AUDIT_TAG))

/** body = before ‖ data ‖ after ‖ seq ‖ "}" (auditHash.ts `encodedBodyAround`). */
const BODY = `convert_to(i.before_data || i.body || i.after_data || (c.seq + 1)::text || '}', 'UTF8')`

export const APPEND_STATEMENT = `WITH RECURSIVE head AS (
  SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE
), input AS (
  SELECT * FROM unnest($1::int[], $2::int8[], $3::text[], $4::text[], $5::text[], $6::text[],
                       $7::text[], $8::text[])
    AS i(k, at, identity, dapp_id, kind, body, before_data, after_data)
), chain AS (
  SELECT 0 AS k, seq, NULL::bytea AS prev_hash, hash FROM head
  UNION ALL
  SELECT i.k, c.seq + 1, c.hash,
         sha256($9::bytea || int4send(octet_length(c.hash)) || c.hash
                || int4send(octet_length(${BODY})) || ${BODY})
  FROM chain c JOIN input i ON i.k = c.k + 1
), appended AS (
  INSERT INTO audit_log (seq, at, identity, dapp_id, kind, body, prev_hash, hash)
  SELECT c.seq, i.at, i.identity, i.dapp_id, i.kind, i.body, c.prev_hash, c.hash
  FROM chain c JOIN input i USING (k)
), moved AS (
  UPDATE audit_head h SET seq = c.seq, hash = c.hash FROM chain c WHERE h.id = 1 AND c.k = $10
)
SELECT k, seq, prev_hash, hash FROM chain WHERE k > 0 ORDER BY k`

/** The statement's parameters, record by record, and the records without their seq and hashes. */
export function appendInput() {
  const at: number[] = []
  const identity: string[] = []
  const dapp: string[] = []
  const kind: string[] = []
  const body: string[] = []
  const before: string[] = []
  const after: string[] = []
  const records: Omit<AuditRecord, 'seq'>[] = []
  return {
    records,
    /** One record; `data` is `entry.data` already encoded canonically. */
    add(entry: AuditEntry, now: number, data: string) {
      const record = { at: now, ...entry }
      const around = encodedBodyAround(record, data)
      at.push(now)
      identity.push(entry.identity)
      dapp.push(entry.dappId)
      kind.push(entry.kind)
      body.push(data)
      before.push(around.before)
      after.push(around.after)
      records.push(record)
    },
    params: () => [
      records.map((_, k) => k + 1),
      at,
      identity,
      dapp,
      kind,
      body,
      before,
      after,
      TAG_PREFIX,
      records.length,
    ],
  }
}
