/**
 * The audit contract on every engine: appends chain, reads are per identity and dapp,
 * UPDATE/DELETE are refused by the database, concurrent appends from two handles keep one
 * chain, and verification names every kind of tampering. Tampering runs inside a transaction
 * that is rolled back, as a privileged attacker would (the append-only trigger disabled).
 */
import { randomBytes } from 'node:crypto'
import { beforeAll, describe, expect, test } from 'vitest'
import type { Queryable } from '../storage/database.ts'
import type { TestEngine, TestStore } from '../test/engines.ts'
import { appendAudit, listAudit } from './auditLog.ts'
import { type AuditVerification, verifyAudit } from './verifyAudit.ts'

class Rollback extends Error {}

export function auditContract(engine: TestEngine, current: () => TestStore) {
  describe('audit log', () => {
    let store: TestStore
    const alice = `wechat:wx:alice-${randomBytes(4).toString('hex')}`
    const bob = `wechat:wx:bob-${randomBytes(4).toString('hex')}`
    beforeAll(async () => {
      store = current()
      for (let i = 0; i < 5; i++) {
        await appendAudit(
          store.db,
          {
            identity: i % 2 ? bob : alice,
            dappId: 'demo',
            kind: 'sign',
            data: { i, digest: 'ab'.repeat(32) },
          },
          1000 + i,
        )
      }
    })

    /** Runs `tamper` as a superuser would, verifies, and rolls everything back. */
    async function tampered(
      tamper: (tx: Queryable) => Promise<unknown>,
      anchor?: { seq: number; hash: string },
    ) {
      let result: AuditVerification | undefined
      await expect(
        store.db.transaction(async (tx) => {
          await tx.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change')
          await tamper(tx)
          result = await verifyAudit(tx, anchor === undefined ? {} : { expectHead: anchor })
          throw new Rollback('undo')
        }),
      ).rejects.toThrow('undo')
      if (result === undefined) throw new Error('verification did not run')
      return result
    }
    const last = async () =>
      (await store.db.query<{ seq: number }>('SELECT max(seq)::int AS seq FROM audit_log'))[0]
        ?.seq as number

    test('records chain, and each identity reads only its own, for its dapp', async () => {
      const mine = await listAudit(store.db, alice, 'demo')
      expect(mine.map((r) => r.data)).toEqual(
        [4, 2, 0].map((i) => ({ i, digest: 'ab'.repeat(32) })),
      )
      expect(mine.every((r) => r.identity === alice)).toBe(true)
      expect(await listAudit(store.db, alice, 'other-dapp')).toEqual([])
      expect(
        (await listAudit(store.db, bob, 'demo')).map((r) => (r.data as { i: number }).i),
      ).toEqual([3, 1])
      expect(await verifyAudit(store.db)).toMatchObject({ ok: true, problems: [] })
    })

    test('the database refuses UPDATE and DELETE on the log', async () => {
      await expect(
        store.db.query("UPDATE audit_log SET body = '{}' WHERE seq = 1"),
      ).rejects.toThrow('audit_log is append-only')
      await expect(store.db.query('DELETE FROM audit_log WHERE seq = 1')).rejects.toThrow(
        'audit_log is append-only',
      )
    })

    test('data that cannot be encoded canonically is refused before anything is written', async () => {
      await expect(
        appendAudit(
          store.db,
          { identity: alice, dappId: 'demo', kind: 'sign', data: { value: 1.5 } },
          1,
        ),
      ).rejects.toThrow('data.value is not a safe integer (1.5): encode it as a string')
    })

    test('an altered record is detected', async () => {
      const n = await last()
      const result = await tampered((tx) =>
        tx.query(`UPDATE audit_log SET body = replace(body, '"i":2', '"i":9') WHERE seq = $1`, [
          n - 2,
        ]),
      )
      expect(result.problems).toEqual([
        { seq: n - 2, problem: 'hash does not match the record’s content: the record was altered' },
      ])
      const moved = await tampered((tx) =>
        tx.query('UPDATE audit_log SET identity = $1 WHERE seq = $2', [bob, n - 2]),
      )
      expect(moved.problems).toEqual([
        { seq: n - 2, problem: 'hash does not match the record’s content: the record was altered' },
      ])
    })

    test('a removed record is detected', async () => {
      const n = await last()
      const result = await tampered((tx) =>
        tx.query('DELETE FROM audit_log WHERE seq = $1', [n - 2]),
      )
      expect(result.ok).toBe(false)
      expect(result.problems).toEqual([
        { seq: n - 1, problem: `expected record ${n - 2} here: records are missing or inserted` },
        {
          seq: n - 1,
          problem:
            'prev_hash does not match the previous record: a record was removed, inserted or reordered',
        },
      ])
    })

    test('a removed last record is detected by the head', async () => {
      const n = await last()
      const result = await tampered((tx) => tx.query('DELETE FROM audit_log WHERE seq = $1', [n]))
      expect(result.problems).toEqual([
        {
          seq: n,
          problem: `head names record ${n} but the log ends at record ${n - 1}: records were removed from the end or the head was altered`,
        },
      ])
    })

    test('reordered records are detected', async () => {
      const n = await last()
      const result = await tampered(async (tx) => {
        await tx.query('UPDATE audit_log SET seq = -1 WHERE seq = $1', [n - 2])
        await tx.query('UPDATE audit_log SET seq = $1 WHERE seq = $2', [n - 2, n - 1])
        await tx.query('UPDATE audit_log SET seq = $1 WHERE seq = -1', [n - 1])
      })
      expect(result.ok).toBe(false)
      expect(result.problems.map((p) => p.seq)).toEqual([n - 2, n - 2, n - 1, n - 1, n])
      expect(result.problems.map((p) => p.problem)).toContain(
        'hash does not match the record’s content: the record was altered',
      )
    })

    test('a rewritten chain with a recomputed head is caught by an anchored head hash', async () => {
      const before = await verifyAudit(store.db)
      const anchor = { seq: before.headSeq, hash: before.headHash }
      const { auditHash, GENESIS } = await import('./auditHash.ts')
      const result = await tampered(async (tx) => {
        await tx.query(`UPDATE audit_log SET body = replace(body, '"i":0', '"i":7') WHERE seq = 1`)
        // Recompute every hash and the head, as a thorough attacker would.
        const rows = await tx.query<{
          seq: number
          at: number
          identity: string
          dapp_id: string
          kind: 'sign'
          body: string
        }>('SELECT seq, at, identity, dapp_id, kind, body FROM audit_log ORDER BY seq')
        let prev: Uint8Array = GENESIS
        for (const r of rows) {
          const hash = auditHash(prev, {
            seq: r.seq,
            at: r.at,
            identity: r.identity,
            dappId: r.dapp_id,
            kind: r.kind,
            data: JSON.parse(r.body),
          })
          await tx.query('UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE seq = $3', [
            prev,
            hash,
            r.seq,
          ])
          prev = hash
        }
        await tx.query('UPDATE audit_head SET hash = $1 WHERE id = 1', [prev])
      }, anchor)
      expect(result.problems).toEqual([
        {
          seq: anchor.seq,
          problem: 'the record’s hash differs from the anchored head hash: the chain was rewritten',
        },
      ])
    })

    test('concurrent appends from two handles keep one unbroken chain', async () => {
      const other = engine.name === 'postgres' ? await store.reopen() : store.db
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          appendAudit(
            i % 2 ? other : store.db,
            { identity: alice, dappId: 'demo', kind: 'login', data: { i } },
            5000 + i,
          ),
        ),
      )
      const result = await verifyAudit(store.db)
      expect(result).toMatchObject({ ok: true, problems: [] })
      expect(result.records).toBe(result.headSeq)
    })

    test('appends that arrive together are group-committed: contiguous, in call order, one chain', async () => {
      const before = await last()
      const records = await Promise.all(
        Array.from({ length: 300 }, (_, i) =>
          appendAudit(
            store.db,
            { identity: bob, dappId: 'batch', kind: 'sign', data: { i } },
            6000 + i,
          ),
        ),
      )
      // More than one batch (MAX_BATCH is 256), each record chained to the one before it.
      expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => before + 1 + i))
      for (let i = 1; i < records.length; i++) {
        expect((records[i] as { prevHash: Uint8Array }).prevHash).toEqual(records[i - 1]?.hash)
      }
      const read = await listAudit(store.db, bob, 'batch', { limit: 1000 })
      expect(read.map((r) => (r.data as { i: number }).i).reverse()).toEqual(
        records.map((_, i) => i),
      )
      expect(await verifyAudit(store.db)).toMatchObject({ ok: true, problems: [] })
    })

    test('the database hashes what verify-audit hashes: quotes, backslashes, braces and non-ASCII text', async () => {
      const odd = `wechat:wx:"q\\u{1F600}"}{,é-${randomBytes(4).toString('hex')}`
      const records = await Promise.all(
        ['日本語', 'a"b\\c', '}{"seq":1}', '\u2028\t\n'].map((text, i) =>
          appendAudit(
            store.db,
            { identity: odd, dappId: 'dä"pp', kind: 'sign', data: { text, nested: [text, i] } },
            8000 + i,
          ),
        ),
      )
      const read = await listAudit(store.db, odd, 'dä"pp')
      expect(read.reverse()).toEqual(records)
      expect(await verifyAudit(store.db)).toMatchObject({ ok: true, problems: [] })
    })

    test('a batch the database refuses is written again member by member: only the refused one fails', async () => {
      // The first append is written at once, alone; the next two wait and form one batch.
      const results = await Promise.allSettled([
        appendAudit(store.db, { identity: alice, dappId: 'demo', kind: 'login', data: {} }, 7000),
        appendAudit(store.db, { identity: alice, dappId: 'demo', kind: 'login', data: {} }, 7000),
        // PostgreSQL refuses a NUL byte in TEXT: the whole transaction fails.
        appendAudit(
          store.db,
          { identity: 'nul\u0000byte', dappId: 'demo', kind: 'login', data: {} },
          7001,
        ),
      ])
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected'])
      const next = await appendAudit(
        store.db,
        { identity: alice, dappId: 'demo', kind: 'login', data: { after: 'failure' } },
        7002,
      )
      expect(next.seq).toBe((await last()) as number)
      expect(await verifyAudit(store.db)).toMatchObject({ ok: true, problems: [] })
    })
  })
}
