/**
 * The contract of a decision committed with its release (policy/policyCache.ts, audit/auditLog.ts
 * `consumeAndAppend` with a policy) on every engine: documents come from the cache; a change to
 * them (from any handle, by any statement) before the commit refuses the decision there, with
 * nothing consumed, written or spent, and teaches the cache the new version; rate slots are taken
 * in the commit, concurrent releases (two handles = two processes on PostgreSQL) never pass the
 * limit, and a refused release takes nothing, on none of its counters.
 */
import { randomBytes } from 'node:crypto'
import { beforeAll, describe, expect, test } from 'vitest'
import { consumeAndAppend, listAudit } from '../audit/auditLog.ts'
import { verifyAudit } from '../audit/verifyAudit.ts'
import { createKeyring, masterKey } from '../crypto/masterKey.ts'
import type { Database, Queryable } from '../storage/database.ts'
import { upsertIdentity } from '../storage/identities.ts'
import { putKey } from '../storage/keys.ts'
import {
  countUnconsumed,
  openConsumed,
  type PresignatureRef,
  putPresignature,
} from '../storage/presignatures.ts'
import type { TestEngine, TestStore } from '../test/engines.ts'
import type { Policy } from './policy.ts'
import {
  cachedPolicies,
  forgetPolicies,
  PolicyChangedError,
  RateSlotRefusedError,
} from './policyCache.ts'
import { deletePolicy, putPolicy, type RateSlot, rateSlot } from './policyStore.ts'

const bytes = (n: number) => new Uint8Array(randomBytes(n))
const NOW = 10
const MINUTE = 60

/** Counts the statements sent through a handle (the cache must answer without one). */
function counting(db: Database): Database & { statements: number } {
  const counted = Object.create(db) as Database & { statements: number }
  counted.statements = 0
  counted.query = (sql, params) => {
    counted.statements += 1
    return db.query(sql, params)
  }
  return counted
}

export function releasePolicyContract(engine: TestEngine, current: () => TestStore) {
  describe('policy decisions committed with their release', () => {
    let store: TestStore
    const keyring = createKeyring(masterKey(bytes(32)))
    beforeAll(() => {
      store = current()
    })

    async function withPresignatures(count: number) {
      const identity = `wechat:wx:pol-${randomBytes(4).toString('hex')}`
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
      const refs: PresignatureRef[] = []
      for (let i = 0; i < count; i++) {
        const ref = {
          identity,
          keyId: 'k1',
          epoch: 0,
          recordId: `p${i}`,
          kind: 'presignature' as const,
        }
        await putPresignature(store.db, keyring, ref, bytes(96), 5)
        refs.push(ref)
      }
      return { identity, refs }
    }

    const release = (
      db: Database,
      ref: PresignatureRef,
      policy: { version: number; rateSlots: RateSlot[] },
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
            data: { phase: 'share-released', p: ref.recordId },
          },
        ],
        NOW,
        (c) => openConsumed(keyring, c).length,
        policy,
      )

    const rateCount = async (db: Queryable, identity: string, dappId: string) => {
      const rows = await db.query<{ count: number }>(
        'SELECT count FROM policy_rate WHERE identity = $1 AND dapp_id = $2',
        [identity, dappId],
      )
      return rows[0]?.count ?? 0
    }
    const versionNow = async () =>
      Number(
        (await store.db.query<{ version: number }>('SELECT version FROM policy_version'))[0]
          ?.version,
      )
    const records = async (identity: string) =>
      (await listAudit(store.db, identity, 'rel', { limit: 1000 })).length
    const limited = (max: number): Policy => ({
      methods: ['personal_sign'],
      rateLimit: { max, windowSec: MINUTE },
    })

    test('the cache answers without a statement until it sees a newer version', async () => {
      const identity = `wechat:wx:pol-${randomBytes(4).toString('hex')}`
      await putPolicy(store.db, identity, '*', limited(7), 1)
      const db = counting(engine.name === 'postgres' ? await store.reopen() : store.db)
      forgetPolicies(db)
      const first = await cachedPolicies(db, identity, { label: 'rel' })
      expect(db.statements).toBe(1)
      expect(first.layers.map((l) => [l.source, l.policy.rateLimit?.max])).toEqual([
        ['identity/*', 7],
      ])
      expect(first.cached).toBe(false)
      expect(await cachedPolicies(db, identity, { label: 'rel' })).toEqual({
        ...first,
        cached: true,
      })
      expect(db.statements).toBe(1)
      // Asked to read again, it does.
      expect(await cachedPolicies(db, identity, { label: 'rel' }, true)).toEqual(first)
      expect(db.statements).toBe(2)
      // Another dapp of the same identity is its own entry.
      await cachedPolicies(db, identity, { label: 'other' })
      expect(db.statements).toBe(3)
    })

    test('a decision from cached documents changed since (from any handle) is refused at its commit: nothing consumed, written or spent', async () => {
      const { identity, refs } = await withPresignatures(2)
      await putPolicy(store.db, identity, '*', limited(10), 1)
      // `other` plays another process: this handle changes the documents and never tells it.
      const other = engine.name === 'postgres' ? await store.reopen() : store.db
      forgetPolicies(other)
      const cached = await cachedPolicies(other, identity, { label: 'rel' })
      await putPolicy(store.db, identity, '*', limited(5), 2)
      // Still the cache's answer (nothing told `other`)…
      expect(await cachedPolicies(other, identity, { label: 'rel' })).toEqual({
        ...cached,
        cached: true,
      })
      const slot = rateSlot(identity, '*', { max: 10, windowSec: MINUTE }, NOW)
      // …which the commit refuses.
      const refused = release(other, refs[0] as PresignatureRef, {
        version: cached.version,
        rateSlots: [slot],
      })
      await expect(refused).rejects.toBeInstanceOf(PolicyChangedError)
      await expect(refused).rejects.toMatchObject({
        version: cached.version,
        current: await versionNow(),
      })
      expect(await versionNow()).toBeGreaterThan(cached.version)
      expect(await countUnconsumed(store.db, identity, 'k1', 0)).toBe(2)
      expect(await records(identity)).toBe(0)
      expect(await rateCount(store.db, identity, '*')).toBe(0)
      // The commit taught `other` the new version: its next read is the changed document.
      const fresh = await cachedPolicies(other, identity, { label: 'rel' })
      expect(fresh.version).toBe(await versionNow())
      expect(fresh.layers[0]?.policy.rateLimit?.max).toBe(5)
      await release(other, refs[0] as PresignatureRef, {
        version: fresh.version,
        rateSlots: [rateSlot(identity, '*', { max: 5, windowSec: MINUTE }, NOW)],
      })
      expect(await countUnconsumed(store.db, identity, 'k1', 0)).toBe(1)
      expect(await rateCount(store.db, identity, '*')).toBe(1)
      // A change made by a plain statement, and a delete, move the version too.
      await store.db.query('UPDATE policies SET updated_at = 3 WHERE identity = $1', [identity])
      const afterStatement = await versionNow()
      expect(afterStatement).toBeGreaterThan(fresh.version)
      await deletePolicy(store.db, identity, '*')
      await expect(
        release(other, refs[1] as PresignatureRef, { version: afterStatement, rateSlots: [] }),
      ).rejects.toMatchObject({ version: afterStatement, current: await versionNow() })
      expect(await versionNow()).toBeGreaterThan(afterStatement)
      expect(await countUnconsumed(store.db, identity, 'k1', 0)).toBe(1)
    })

    test('rate slots are taken at the commit: concurrent releases never pass the limit; the refused take nothing and are not consumed', async () => {
      const { identity, refs } = await withPresignatures(7)
      const other = engine.name === 'postgres' ? await store.reopen() : store.db
      const { version } = await cachedPolicies(store.db, identity, { label: 'rel' })
      const slot = rateSlot(identity, 'rel', { max: 4, windowSec: MINUTE }, NOW)
      const outcomes = await Promise.allSettled(
        refs.map((ref, i) =>
          release(i % 2 === 0 ? store.db : other, ref, { version, rateSlots: [slot] }),
        ),
      )
      const fulfilled = outcomes.filter((o) => o.status === 'fulfilled')
      const rejected = outcomes.filter((o) => o.status === 'rejected')
      expect(fulfilled.length).toBe(4)
      expect(rejected.length).toBe(3)
      for (const r of rejected) {
        expect(r.reason).toBeInstanceOf(RateSlotRefusedError)
        expect(r.reason).toMatchObject({ refused: ['rel'] })
      }
      expect(await rateCount(store.db, identity, 'rel')).toBe(4)
      expect(await countUnconsumed(store.db, identity, 'k1', 0)).toBe(3)
      expect(await records(identity)).toBe(8)
      expect(await verifyAudit(store.db)).toMatchObject({ ok: true, problems: [] })
    })

    test('a release refused by one full counter takes no slot on its other counters', async () => {
      const { identity, refs } = await withPresignatures(3)
      const { version } = await cachedPolicies(store.db, identity, { label: 'rel' })
      const wide = rateSlot(identity, '*', { max: 10, windowSec: MINUTE }, NOW)
      const dapp = rateSlot(identity, 'rel', { max: 1, windowSec: MINUTE }, NOW)
      await release(store.db, refs[0] as PresignatureRef, { version, rateSlots: [wide, dapp] })
      await expect(
        release(store.db, refs[1] as PresignatureRef, { version, rateSlots: [wide, dapp] }),
      ).rejects.toMatchObject({ refused: ['rel'] })
      expect(await rateCount(store.db, identity, '*')).toBe(1)
      expect(await rateCount(store.db, identity, 'rel')).toBe(1)
      expect(await countUnconsumed(store.db, identity, 'k1', 0)).toBe(2)
      // The next window has room again.
      const later = rateSlot(identity, 'rel', { max: 1, windowSec: MINUTE }, NOW + MINUTE * 1000)
      await release(store.db, refs[1] as PresignatureRef, { version, rateSlots: [wide, later] })
      expect(await rateCount(store.db, identity, '*')).toBe(2)
    })
  })
}
