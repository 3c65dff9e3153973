/**
 * Verifies the whole audit chain: sequence numbers contiguous from 1, each `prev_hash` equal to
 * the previous record's hash, each hash recomputed from the record's content, each body in
 * canonical form, and the head row naming the last record. Detects any altered, removed,
 * inserted or reordered record; a truncated tail or a fully recomputed chain is detected against
 * an external anchor (`expectHead`, a head hash noted earlier). Reads only; never repairs.
 */

import { equalBytes } from '@noble/curves/utils.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import type { Queryable } from '../storage/database.ts'
import type { AuditKind } from './auditHash.ts'
import { auditHash, GENESIS } from './auditHash.ts'
import { canonicalJson } from './canonical.ts'

export interface AuditProblem {
  seq: number
  problem: string
}

export interface AuditVerification {
  ok: boolean
  records: number
  headSeq: number
  headHash: string
  problems: AuditProblem[]
}

const PAGE = 1000

export async function verifyAudit(
  db: Queryable,
  options: { expectHead?: { seq: number; hash: string } } = {},
): Promise<AuditVerification> {
  const problems: AuditProblem[] = []
  let expectedSeq = 1
  let prev: Uint8Array = GENESIS
  let records = 0
  let after = 0
  for (;;) {
    const rows = await db.query<{
      seq: number
      at: number
      identity: string
      dapp_id: string
      kind: AuditKind
      body: string
      prev_hash: Uint8Array
      hash: Uint8Array
    }>(
      `SELECT seq, at, identity, dapp_id, kind, body, prev_hash, hash FROM audit_log
       WHERE seq > $1 ORDER BY seq LIMIT ${PAGE}`,
      [after],
    )
    for (const row of rows) {
      records++
      if (row.seq !== expectedSeq) {
        problems.push({
          seq: row.seq,
          problem: `expected record ${expectedSeq} here: records are missing or inserted`,
        })
      }
      if (!equalBytes(row.prev_hash, prev)) {
        problems.push({
          seq: row.seq,
          problem:
            'prev_hash does not match the previous record: a record was removed, inserted or reordered',
        })
      }
      let data: unknown
      let canonical = false
      try {
        data = JSON.parse(row.body)
        canonical = canonicalJson(data, 'data') === row.body
      } catch {
        canonical = false
      }
      if (!canonical) problems.push({ seq: row.seq, problem: 'body is not canonical JSON' })
      const hash = auditHash(row.prev_hash, {
        seq: row.seq,
        at: row.at,
        identity: row.identity,
        dappId: row.dapp_id,
        kind: row.kind,
        data,
      })
      if (!equalBytes(hash, row.hash)) {
        problems.push({
          seq: row.seq,
          problem: 'hash does not match the record’s content: the record was altered',
        })
      }
      prev = row.hash
      expectedSeq = row.seq + 1
      after = row.seq
    }
    if (rows.length < PAGE) break
  }
  const heads = await db.query<{ seq: number; hash: Uint8Array }>(
    'SELECT seq, hash FROM audit_head WHERE id = 1',
  )
  const head = heads[0]
  const lastSeq = expectedSeq - 1
  if (head === undefined) {
    problems.push({ seq: 0, problem: 'audit_head row is missing' })
  } else if (head.seq !== lastSeq || !equalBytes(head.hash, prev)) {
    problems.push({
      seq: head.seq,
      problem: `head names record ${head.seq} but the log ends at record ${lastSeq}: records were removed from the end or the head was altered`,
    })
  }
  if (options.expectHead !== undefined) {
    if (options.expectHead.seq > lastSeq) {
      problems.push({
        seq: options.expectHead.seq,
        problem: `the anchored record ${options.expectHead.seq} is no longer in the log`,
      })
    } else {
      const anchored = await db.query<{ hash: Uint8Array }>(
        'SELECT hash FROM audit_log WHERE seq = $1',
        [options.expectHead.seq],
      )
      const hash = anchored[0]?.hash
      if (hash === undefined || bytesToHex(hash) !== options.expectHead.hash.toLowerCase()) {
        problems.push({
          seq: options.expectHead.seq,
          problem: 'the record’s hash differs from the anchored head hash: the chain was rewritten',
        })
      }
    }
  }
  return {
    ok: problems.length === 0,
    records,
    headSeq: lastSeq,
    headHash: bytesToHex(prev),
    problems,
  }
}
