/**
 * The storage contract: the same behaviour on every engine (PGlite and PostgreSQL) for
 * identities, keys with sealed shares, single-use presignatures, key locks, login replay
 * records and master-key rotation. Registered by `src/contract.test.ts` on one store per engine.
 */
import { randomBytes } from 'node:crypto'
import { beforeAll, describe, expect, test } from 'vitest'
import { createKeyring, masterKey } from '../crypto/masterKey.ts'
import { rotateMasterKey } from '../crypto/rotateMasterKey.ts'
import type { TestEngine, TestStore } from '../test/engines.ts'
import { getIdentity, upsertIdentity } from './identities.ts'
import {
  acquireKeyLock,
  releaseKeyLock,
  renewKeyLock,
  sweepExpiredKeyLocks,
  withKeyLock,
} from './keyLocks.ts'
import { getKey, getShare, listKeys, putKey, setKeyStatus } from './keys.ts'
import { claimSingleUse, tokenHash } from './loginReplay.ts'
import { migrate } from './migrate.ts'
import { MIGRATIONS } from './migrations.ts'
import { consumePresignature, countUnconsumed, putPresignature } from './presignatures.ts'

const unique = (label: string) => `${label}-${randomBytes(4).toString('hex')}`
const bytes = (n: number) => new Uint8Array(randomBytes(n))

export function storageContract(engine: TestEngine, current: () => TestStore) {
  describe('storage', () => {
    storageTests(engine, current)
  })
}

function storageTests(engine: TestEngine, current: () => TestStore) {
  let store: TestStore
  const keyring = createKeyring(masterKey(bytes(32)))
  beforeAll(() => {
    store = current()
  })

  async function newKey(identity: string, keyId = 'k1', epoch = 0, share = bytes(32)) {
    await upsertIdentity(store.db, identity, 'wechat', 1000)
    const publicKey = bytes(33)
    await putKey(
      store.db,
      keyring,
      {
        identity,
        keyId,
        epoch,
        curve: 'secp256k1',
        status: 'active',
        publicKey,
        publicState: { t: 2, n: 3 },
        share,
      },
      2000,
    )
    return { share, publicKey }
  }

  test('the schema is migrated and a second migration run applies nothing', async () => {
    expect(await migrate(store.db)).toEqual({ applied: [], current: MIGRATIONS.length })
    expect(await store.db.query('SELECT version FROM schema_migrations ORDER BY version')).toEqual(
      MIGRATIONS.map((m) => ({ version: m.version })),
    )
  })

  test('identities are created once and record the last login', async () => {
    const id = unique('wechat:wx:alice')
    await upsertIdentity(store.db, id, 'wechat', 10)
    await upsertIdentity(store.db, id, 'wechat', 20)
    expect(await getIdentity(store.db, id)).toEqual({
      id,
      provider: 'wechat',
      created_at: 10,
      last_login_at: 20,
    })
  })

  test('a key stores its public state in clear and its share sealed', async () => {
    const id = unique('wechat:wx:alice')
    const { share, publicKey } = await newKey(id)
    expect(await getKey(store.db, id, 'k1', 0)).toEqual({
      identity: id,
      keyId: 'k1',
      epoch: 0,
      curve: 'secp256k1',
      status: 'active',
      publicKey,
      publicState: { t: 2, n: 3 },
      createdAt: 2000,
      updatedAt: 2000,
    })
    expect(await getShare(store.db, keyring, id, 'k1', 0)).toEqual(share)
    const raw = await store.db.query<{ share_ciphertext: Uint8Array }>(
      'SELECT share_ciphertext FROM keys WHERE identity = $1',
      [id],
    )
    expect(raw[0]?.share_ciphertext).toBeInstanceOf(Uint8Array)
    expect(Buffer.from(raw[0]?.share_ciphertext ?? []).includes(Buffer.from(share))).toBe(false)
  })

  test('the same identity, key and epoch cannot be stored twice', async () => {
    const id = unique('alipay:app:bob')
    await newKey(id)
    await expect(newKey(id)).rejects.toThrow('key k1 epoch 0 already exists for this identity')
  })

  test('identities never see each other’s keys', async () => {
    const alice = unique('telegram:1:alice')
    const bob = unique('telegram:1:bob')
    await newKey(alice, 'shared-name')
    await upsertIdentity(store.db, bob, 'telegram', 1)
    expect(await listKeys(store.db, bob)).toEqual([])
    expect(await getKey(store.db, bob, 'shared-name', 0)).toBeUndefined()
    await expect(getShare(store.db, keyring, bob, 'shared-name', 0)).rejects.toThrow(
      'no key shared-name epoch 0 for this identity',
    )
    expect((await listKeys(store.db, alice)).map((k) => k.keyId)).toEqual(['shared-name'])
  })

  test('a share row moved to another identity or epoch in the database fails to decrypt', async () => {
    const alice = unique('oidc:https://issuer:alice')
    const mallory = unique('oidc:https://issuer:mallory')
    await newKey(alice, 'k1', 0)
    await newKey(mallory, 'k1', 0)
    // An attacker with database access copies Alice's sealed share over Mallory's.
    await store.db.query(
      `UPDATE keys SET share_dek = a.share_dek, share_ciphertext = a.share_ciphertext
       FROM keys a WHERE keys.identity = $2 AND a.identity = $1`,
      [alice, mallory],
    )
    await expect(getShare(store.db, keyring, mallory, 'k1', 0)).rejects.toThrow(
      'data key of the share record does not decrypt: wrong master key, or the record was moved or altered',
    )
    await store.db.query('UPDATE keys SET epoch = 7 WHERE identity = $1', [alice])
    await expect(getShare(store.db, keyring, alice, 'k1', 7)).rejects.toThrow(
      'data key of the share record does not decrypt',
    )
  })

  test('key status changes and names a missing key', async () => {
    const id = unique('wechat:wx:carol')
    await newKey(id)
    await setKeyStatus(store.db, id, 'k1', 0, 'retired', 3000)
    expect((await getKey(store.db, id, 'k1', 0))?.status).toBe('retired')
    await expect(setKeyStatus(store.db, id, 'k9', 0, 'retired', 1)).rejects.toThrow(
      'no key k9 epoch 0 for this identity',
    )
  })

  test('a presignature is marked consumed durably and erased before it is returned, once', async () => {
    const id = unique('wechat:wx:dave')
    await newKey(id)
    const ref = {
      identity: id,
      keyId: 'k1',
      epoch: 0,
      recordId: 'p1',
      kind: 'presignature' as const,
    }
    const secret = bytes(96)
    await putPresignature(store.db, keyring, ref, secret, 5)
    expect(await countUnconsumed(store.db, id, 'k1', 0)).toBe(1)
    expect(await consumePresignature(store.db, keyring, ref, 6)).toEqual(secret)
    const rows = await store.db.query(
      'SELECT consumed_at, length(ciphertext) AS c, length(dek) AS d FROM presignatures WHERE identity = $1',
      [id],
    )
    expect(rows).toEqual([{ consumed_at: 6, c: 0, d: 0 }])
    await expect(consumePresignature(store.db, keyring, ref, 7)).rejects.toThrow(
      'presignature p1 was already consumed at 6; it is never reused',
    )
    await expect(
      consumePresignature(store.db, keyring, { ...ref, recordId: 'p2' }, 7),
    ).rejects.toThrow('no presignature p2 for key k1')
    await expect(
      consumePresignature(store.db, keyring, { ...ref, kind: 'nonce' }, 7),
    ).rejects.toThrow('no nonce p1 for key k1')
  })

  test('requireActiveEpoch: consumed only while the epoch is active; Conflict and nothing consumed otherwise', async () => {
    const id = unique('wechat:wx:dora')
    await newKey(id)
    const ref = {
      identity: id,
      keyId: 'k1',
      epoch: 0,
      recordId: 'p1',
      kind: 'presignature' as const,
    }
    const secret = bytes(96)
    await putPresignature(store.db, keyring, ref, secret, 5)
    await putPresignature(store.db, keyring, { ...ref, recordId: 'p2' }, secret, 5)
    const active = { requireActiveEpoch: true }
    expect(await consumePresignature(store.db, keyring, ref, 6, active)).toEqual(secret)
    await setKeyStatus(store.db, id, 'k1', 0, 'retired', 7)
    await expect(
      consumePresignature(store.db, keyring, { ...ref, recordId: 'p2' }, 8, active),
    ).rejects.toThrow('key k1 epoch 0 is not the current epoch')
    await expect(
      consumePresignature(store.db, keyring, { ...ref, epoch: 1 }, 8, active),
    ).rejects.toThrow('key k1 epoch 1 is not the current epoch')
    expect(await countUnconsumed(store.db, id, 'k1', 0)).toBe(1)
  })

  test('two concurrent consumptions of one nonce: exactly one gets it', async () => {
    const id = unique('wechat:wx:erin')
    await newKey(id)
    const ref = { identity: id, keyId: 'k1', epoch: 0, recordId: 'n1', kind: 'nonce' as const }
    await putPresignature(store.db, keyring, ref, bytes(64), 5)
    const other = engine.name === 'postgres' ? await store.reopen() : store.db
    const results = await Promise.allSettled([
      consumePresignature(store.db, keyring, ref, 6),
      consumePresignature(other, keyring, ref, 6),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const rejected = results.find((r) => r.status === 'rejected')
    expect(rejected?.status === 'rejected' && String(rejected.reason)).toContain(
      'nonce n1 was already consumed at 6; it is never reused',
    )
  })

  test('one share-changing operation per key: the second is refused until release or expiry', async () => {
    const lock = {
      identity: unique('i'),
      keyId: 'k1',
      operation: 'refresh',
      holder: 'a',
      ttlMs: 1000,
    }
    await acquireKeyLock(store.db, lock, 100)
    await expect(
      acquireKeyLock(store.db, { ...lock, holder: 'b', operation: 'reshare' }, 200),
    ).rejects.toThrow(
      'key k1 is busy with another share-changing operation (refresh); reshare refused',
    )
    // Another key of the same identity is independent.
    await acquireKeyLock(store.db, { ...lock, keyId: 'k2', holder: 'c' }, 200)
    // Only the holder releases.
    expect(await releaseKeyLock(store.db, { ...lock, holder: 'b' })).toBe(false)
    expect(await releaseKeyLock(store.db, lock)).toBe(true)
    await acquireKeyLock(store.db, { ...lock, holder: 'b' }, 300)
    // The holder renews its lease round by round; a lapsed lease cannot be renewed.
    expect(await renewKeyLock(store.db, { ...lock, holder: 'b' }, 1200)).toBe(true)
    await expect(acquireKeyLock(store.db, { ...lock, holder: 'x' }, 1300 + 500)).rejects.toThrow(
      'is busy',
    )
    expect(await renewKeyLock(store.db, { ...lock, holder: 'x' }, 1300)).toBe(false)
    expect(await renewKeyLock(store.db, { ...lock, holder: 'b' }, 2200 + 1)).toBe(false)
    // An expired lease (its holder crashed) is taken over.
    await acquireKeyLock(store.db, { ...lock, holder: 'd' }, 2200 + 1)
  })

  test('leases left expired by killed runs are swept when the next lock is taken', async () => {
    const identity = unique('i')
    const killed = { identity, keyId: 'k-killed', operation: 'refresh', holder: 'gone', ttlMs: 100 }
    await acquireKeyLock(store.db, killed, 10_000)
    const count = async () =>
      (
        await store.db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM key_locks WHERE identity = $1',
          [identity],
        )
      )[0]?.n
    expect(await count()).toBe(1)
    // Still live at 10,099: another key's lock leaves it alone.
    await acquireKeyLock(store.db, { ...killed, keyId: 'k-other', holder: 'h1', ttlMs: 50 }, 10_099)
    expect(await count()).toBe(2)
    // At 10,200 both have expired; taking a third lock sweeps them.
    await acquireKeyLock(
      store.db,
      { ...killed, keyId: 'k-third', holder: 'h2', ttlMs: 60_000 },
      10_200,
    )
    expect(await count()).toBe(1)
    expect(await sweepExpiredKeyLocks(store.db, 70_200)).toBe(1)
    expect(await count()).toBe(0)
  })

  test('three concurrent lock attempts from two handles: exactly one wins', async () => {
    const other = engine.name === 'postgres' ? await store.reopen() : store.db
    const base = { identity: unique('i'), keyId: 'k1', operation: 'refresh', ttlMs: 60_000 }
    const holders = ['one', 'two', 'three']
    const results = await Promise.allSettled(
      holders.map((holder, i) =>
        acquireKeyLock(i === 1 ? other : store.db, { ...base, holder }, 1),
      ),
    )
    const winners = holders.filter((_, i) => results[i]?.status === 'fulfilled')
    expect(winners).toHaveLength(1)
    for (const result of results) {
      if (result.status === 'rejected') {
        expect(String(result.reason)).toBe(
          'CosignerError: key k1 is busy with another share-changing operation (refresh); refresh refused',
        )
      }
    }
    expect(await releaseKeyLock(other, { ...base, holder: winners[0] as string })).toBe(true)
    // withKeyLock releases even when its operation throws.
    await expect(
      withKeyLock(
        other,
        { ...base, holder: 'four' },
        () => 2,
        () => Promise.reject(new Error('run failed')),
      ),
    ).rejects.toThrow('run failed')
    await acquireKeyLock(store.db, { ...base, holder: 'five' }, 3)
  })

  test('a single-use login token is refused the second time, until its claim expires', async () => {
    const hash = tokenHash('wechat', 'wx1', unique('code'))
    await claimSingleUse(store.db, 'wechat', hash, 1_000, 0)
    await expect(claimSingleUse(store.db, 'wechat', hash, 1_000, 10)).rejects.toThrow(
      'wechat login token was already used',
    )
    // Same token under another provider is a different token.
    await claimSingleUse(store.db, 'alipay', hash, 1_000, 10)
    await claimSingleUse(store.db, 'wechat', hash, 3_000, 2_000)
  })

  test('master-key rotation rewraps data keys without touching ciphertexts', async () => {
    const id = unique('wechat:wx:frank')
    const { share } = await newKey(id)
    const ref = {
      identity: id,
      keyId: 'k1',
      epoch: 0,
      recordId: 'p1',
      kind: 'presignature' as const,
    }
    const presig = bytes(64)
    await putPresignature(store.db, keyring, ref, presig, 5)
    const before = await store.db.query<{ share_ciphertext: Uint8Array; share_dek: Uint8Array }>(
      'SELECT share_ciphertext, share_dek FROM keys WHERE identity = $1',
      [id],
    )
    const next = masterKey(bytes(32))
    const rotating = createKeyring(next, [keyring.current])
    const result = await rotateMasterKey(store.db, rotating)
    expect(result.rewrapped.keys).toBeGreaterThanOrEqual(1)
    expect(result.rewrapped.presignatures).toBeGreaterThanOrEqual(1)
    expect(result.failed.filter((f) => f.row.identity === id)).toEqual([])
    const after = await store.db.query<{
      share_ciphertext: Uint8Array
      share_dek: Uint8Array
      share_kek_id: string
    }>('SELECT share_ciphertext, share_dek, share_kek_id FROM keys WHERE identity = $1', [id])
    expect(after[0]?.share_ciphertext).toEqual(before[0]?.share_ciphertext)
    expect(after[0]?.share_dek).not.toEqual(before[0]?.share_dek)
    expect(after[0]?.share_kek_id).toBe(next.id)
    // The old master key can now be dropped.
    const onlyNew = createKeyring(next)
    expect(await getShare(store.db, onlyNew, id, 'k1', 0)).toEqual(share)
    expect(await consumePresignature(store.db, onlyNew, ref, 6)).toEqual(presig)
    await expect(getShare(store.db, keyring, id, 'k1', 0)).rejects.toThrow(
      `data key is wrapped by master key ${next.id}, which is not in the keyring (${keyring.current.id})`,
    )
    // A second run finds nothing left to rewrap.
    expect((await rotateMasterKey(store.db, rotating)).rewrapped).toEqual({
      keys: 0,
      presignatures: 0,
      signing_keys: 0,
    })
    // Restore for the other tests: rotate back.
    await rotateMasterKey(store.db, createKeyring(keyring.current, [next]))
  })

  test('rotation reports a row whose data key does not unwrap and carries on', async () => {
    const victim = unique('wechat:wx:grace')
    const donor = unique('wechat:wx:heidi')
    await newKey(victim)
    await newKey(donor)
    await store.db.query(
      'UPDATE keys SET share_dek = d.share_dek FROM keys d WHERE keys.identity = $1 AND d.identity = $2',
      [victim, donor],
    )
    const next = masterKey(bytes(32))
    const result = await rotateMasterKey(store.db, createKeyring(next, [keyring.current]))
    expect(result.failed).toContainEqual({
      table: 'keys',
      row: { identity: victim, key_id: 'k1', epoch: 0 },
    })
    expect(result.failed.some((f) => f.row.identity === donor)).toBe(false)
    await rotateMasterKey(store.db, createKeyring(keyring.current, [next]))
  })
}
