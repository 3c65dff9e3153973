/**
 * The contract of the group-committed release (audit/auditLog.ts `consumeAndAppend`) on every
 * engine: presignatures consumed and their releases audited in one transaction per batch; under
 * concurrency (two handles = two processes on PostgreSQL) each record is consumed once and only
 * its winner's release is written; a member that fails (not found, already consumed, does not
 * open, a row the database refuses) fails alone; and nobody is answered before the commit — a
 * commit that fails, or a connection that dies during COMMIT, answers every member with an error
 * and leaves every presignature unconsumed.
 */
import { randomBytes } from 'node:crypto'
import { beforeAll, describe, expect, test } from 'vitest'
import { createKeyring, masterKey } from '../crypto/masterKey.ts'
import type { Database } from '../storage/database.ts'
import { upsertIdentity } from '../storage/identities.ts'
import { putKey } from '../storage/keys.ts'
import {
  countUnconsumed,
  openConsumed,
  type PresignatureRef,
  putPresignature,
} from '../storage/presignatures.ts'
import type { TestEngine, TestStore } from '../test/engines.ts'
import { appendAudit, consumeAndAppend, listAudit } from './auditLog.ts'
import { verifyAudit } from './verifyAudit.ts'

const bytes = (n: number) => new Uint8Array(randomBytes(n))

export function consumeAndAppendContract(engine: TestEngine, current: () => TestStore) {
  describe('group-committed release (consume + audit)', () => {
    let store: TestStore
    const keyring = createKeyring(masterKey(bytes(32)))
    beforeAll(() => {
      store = current()
    })

    /** A fresh identity with an active key and `count` sealed presignatures p0…. */
    async function withPresignatures(count: number) {
      const identity = `wechat:wx:rel-${randomBytes(4).toString('hex')}`
      await upsertIdentity(store.db, identity, 'wechat', 1000)
      await putKey(
        store.db,
        keyring,
        {
          identity,
          keyId: 'k1',
          epoch: 0,
          curve: 'secp256k1',
          status: 'active',
          publicKey: bytes(33),
          publicState: { t: 2, n: 3 },
          share: bytes(32),
        },
        2000,
      )
      const secrets: Uint8Array[] = []
      const refs: PresignatureRef[] = []
      for (let i = 0; i < count; i++) {
        const ref = {
          identity,
          keyId: 'k1',
          epoch: 0,
          recordId: `p${i}`,
          kind: 'presignature' as const,
        }
        const secret = bytes(96)
        await putPresignature(store.db, keyring, ref, secret, 5)
        secrets.push(secret)
        refs.push(ref)
      }
      return { identity, refs, secrets }
    }

    const release = (
      db: Database,
      ref: PresignatureRef,
      data: Record<string, unknown> = {},
      open = (c: Parameters<typeof openConsumed>[1]) => openConsumed(keyring, c),
    ) =>
      consumeAndAppend(
        db,
        { ref, requireActiveEpoch: true },
        [
          {
            identity: ref.identity,
            dappId: 'rel',
            kind: 'policy-decision',
            data: { allowed: true, p: ref.recordId },
          },
          {
            identity: ref.identity,
            dappId: 'rel',
            kind: 'sign',
            data: { phase: 'share-released', p: ref.recordId, ...data },
          },
        ],
        10,
        open,
      )

    const released = async (identity: string) =>
      (await listAudit(store.db, identity, 'rel', { limit: 1000 }))
        .filter((r) => (r.data as { phase?: string }).phase === 'share-released')
        .map((r) => (r.data as { p: string }).p)
        .sort()

    test('concurrent releases from two handles: each presignature once, only winners audited, decision and release adjacent, one chain', async () => {
      const { identity, refs, secrets } = await withPresignatures(24)
      const other = engine.name === 'postgres' ? await store.reopen() : store.db
      // Every presignature asked for twice, once through each handle, all at once.
      const attempts = refs.flatMap((ref, i) => [
        { i, via: store.db, ref },
        { i, via: other, ref },
      ])
      const results = await Promise.allSettled(attempts.map((a) => release(a.via, a.ref)))
      for (const [i] of refs.entries()) {
        const mine = results.filter((_, k) => attempts[k]?.i === i)
        const won = mine.filter((r) => r.status === 'fulfilled')
        expect(won).toHaveLength(1)
        const winner = won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof release>>>
        expect(winner.value.opened).toEqual(secrets[i])
        // The held decision and the release are chained next to each other.
        const [decision, record] = winner.value.records
        expect(record?.seq).toBe((decision?.seq as number) + 1)
        const lost = mine.find((r) => r.status === 'rejected')
        expect(lost?.status === 'rejected' && String(lost.reason)).toContain(
          `presignature p${i} was already consumed`,
        )
      }
      expect(await countUnconsumed(store.db, identity, 'k1', 0)).toBe(0)
      expect(await released(identity)).toEqual(refs.map((r) => r.recordId).sort())
      expect(await verifyAudit(store.db)).toMatchObject({ ok: true, problems: [] })
    })

    test('one failing member fails alone: not found, already consumed, named twice, does not open, refused row', async () => {
      const { identity, refs, secrets } = await withPresignatures(4)
      const [p0, p1, p2, p3] = refs as [
        PresignatureRef,
        PresignatureRef,
        PresignatureRef,
        PresignatureRef,
      ]
      await release(store.db, p3)
      // The first append is written at once, alone; everything after it forms the next batch.
      const results = await Promise.allSettled([
        appendAudit(store.db, { identity, dappId: 'rel', kind: 'login', data: {} }, 10),
        release(store.db, p0),
        release(store.db, { ...p0, recordId: 'missing' }),
        release(store.db, p3),
        release(store.db, p1),
        release(store.db, p1),
        release(store.db, p2, {}, () => {
          throw new Error('p2 does not open')
        }),
        // PostgreSQL refuses a NUL byte in TEXT: the batch is rolled back and written again,
        // member by member, so only this one fails.
        appendAudit(
          store.db,
          { identity: 'nul\u0000byte', dappId: 'rel', kind: 'login', data: {} },
          10,
        ),
      ])
      const outcome = results.map((r) =>
        r.status === 'fulfilled' ? 'ok' : String((r.reason as Error).message),
      )
      expect(outcome[0]).toBe('ok')
      expect(outcome[1]).toBe('ok')
      expect(outcome[2]).toBe('no presignature missing for key k1')
      expect(outcome[3]).toContain('presignature p3 was already consumed at 10')
      expect(outcome[4]).toBe('ok')
      expect(outcome[5]).toContain('presignature p1 was already consumed')
      expect(outcome[6]).toBe('p2 does not open')
      expect(outcome[7]).not.toBe('ok')
      expect((results[1] as PromiseFulfilledResult<{ opened: unknown }>).value.opened).toEqual(
        secrets[0],
      )
      // p2 stays consumed (it never signs) but its release is not recorded.
      expect(await countUnconsumed(store.db, identity, 'k1', 0)).toBe(0)
      expect(await released(identity)).toEqual(['p0', 'p1', 'p3'])
      expect(await verifyAudit(store.db)).toMatchObject({ ok: true, problems: [] })
    })

    test('nobody is answered before the commit: a failing COMMIT fails every member and consumes nothing', async () => {
      const { identity, refs, secrets } = await withPresignatures(3)
      const [p0, p1, p2] = refs as [PresignatureRef, PresignatureRef, PresignatureRef]
      // A deferred check runs at COMMIT, after every statement of the batch succeeded.
      await store.db.exec(`
        CREATE FUNCTION fail_at_commit() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
          IF NEW.body LIKE '%fail-at-commit%' THEN RAISE EXCEPTION 'refused at commit'; END IF;
          RETURN NULL;
        END
        $fn$;
        CREATE CONSTRAINT TRIGGER fail_at_commit AFTER INSERT ON audit_log
          DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fail_at_commit();`)
      try {
        const results = await Promise.allSettled([
          appendAudit(store.db, { identity, dappId: 'rel', kind: 'login', data: {} }, 10),
          release(store.db, p0),
          release(store.db, p1, { note: 'fail-at-commit' }),
          release(store.db, p2),
        ])
        expect(results.map((r) => r.status)).toEqual([
          'fulfilled',
          'rejected',
          'rejected',
          'rejected',
        ])
        expect(String((results[1] as PromiseRejectedResult).reason)).toContain('refused at commit')
        expect(await countUnconsumed(store.db, identity, 'k1', 0)).toBe(3)
        expect(await released(identity)).toEqual([])
      } finally {
        await store.db.exec(
          'DROP TRIGGER fail_at_commit ON audit_log; DROP FUNCTION fail_at_commit();',
        )
      }
      // Nothing was consumed: the same presignatures are released afterwards, once each.
      for (const [i, ref] of refs.entries())
        expect((await release(store.db, ref)).opened).toEqual(secrets[i])
      expect(await released(identity)).toEqual(['p0', 'p1', 'p2'])
      expect(await verifyAudit(store.db)).toMatchObject({ ok: true, problems: [] })
    })

    // PostgreSQL only: PGlite has no server backend to lose.
    if (engine.name === 'postgres')
      test('a connection that dies during COMMIT (a crash) answers every member with an error and consumes nothing', async () => {
        const { identity, refs } = await withPresignatures(2)
        const [p0, p1] = refs as [PresignatureRef, PresignatureRef]
        const db = await store.reopen()
        await store.db.exec(`
          CREATE FUNCTION die_at_commit() RETURNS trigger LANGUAGE plpgsql AS $fn$
          BEGIN
            IF NEW.body LIKE '%die-at-commit%' THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF;
            RETURN NULL;
          END
          $fn$;
          CREATE CONSTRAINT TRIGGER die_at_commit AFTER INSERT ON audit_log
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION die_at_commit();`)
        try {
          const results = await Promise.allSettled([
            appendAudit(db, { identity, dappId: 'rel', kind: 'login', data: {} }, 10),
            release(db, p0),
            release(db, p1, { note: 'die-at-commit' }),
          ])
          expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected'])
        } finally {
          await store.db.exec(
            'DROP TRIGGER die_at_commit ON audit_log; DROP FUNCTION die_at_commit();',
          )
        }
        expect(await countUnconsumed(store.db, identity, 'k1', 0)).toBe(2)
        expect(await released(identity)).toEqual([])
        expect(await verifyAudit(store.db)).toMatchObject({ ok: true, problems: [] })
      })
  })
}
