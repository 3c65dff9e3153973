/**
 * Migrations: applied once and recorded with checksums, idempotent, refused when edited after
 * release, extended by later versions, and safe when two processes migrate at once.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ENGINES, type TestStore } from '../test/engines.ts'
import { migrate } from './migrate.ts'
import { MIGRATIONS } from './migrations.ts'

// The runner is engine-agnostic SQL; fresh databases are cheap on PostgreSQL (a schema) and
// take seconds on PGlite, so these run on PostgreSQL and contract.test.ts checks that PGlite's
// store is migrated and idempotent. The tests below run in order on one store.
const postgres = ENGINES.filter((e) => e.name === 'postgres')

describe.each(postgres)('migrations on $name', (engine) => {
  let store: TestStore
  beforeAll(async () => {
    store = await engine.open({ migrate: false })
  }, 120_000)
  afterAll(async () => {
    await store.cleanup()
  })

  test('apply once, record version and checksum, and are idempotent', async () => {
    const first = await migrate(store.db, { now: () => 1234 })
    expect(first).toEqual({ applied: MIGRATIONS.map((m) => m.version), current: MIGRATIONS.length })
    const second = await migrate(store.db)
    expect(second).toEqual({ applied: [], current: MIGRATIONS.length })
    const rows = await store.db.query('SELECT version, name, applied_at FROM schema_migrations')
    expect(rows).toEqual(
      MIGRATIONS.map((m) => ({ version: m.version, name: m.name, applied_at: 1234 })),
    )
  })

  test('refuse to start when an applied migration was edited', async () => {
    const edited = MIGRATIONS.map((m) => ({ ...m, sql: `${m.sql}\n-- edited` }))
    await expect(migrate(store.db, { migrations: edited })).rejects.toThrow(
      /^migration 1 \("identities, keys, presignatures, policies, audit, login replay, locks, signing keys"\) was changed after it was applied: recorded checksum [0-9a-f]{64}, code has [0-9a-f]{64}$/,
    )
  })

  test('apply a later migration on top of an existing schema', async () => {
    const next = [
      ...MIGRATIONS,
      {
        version: MIGRATIONS.length + 1,
        name: 'test column',
        sql: 'ALTER TABLE identities ADD COLUMN note TEXT',
      },
    ]
    expect(await migrate(store.db, { migrations: next })).toEqual({
      applied: [MIGRATIONS.length + 1],
      current: MIGRATIONS.length + 1,
    })
    await store.db.query(
      "INSERT INTO identities (id, provider, created_at, last_login_at, note) VALUES ('x', 'oidc', 1, 1, 'n')",
    )
  })
})

test('two processes migrating one PostgreSQL schema at once apply each migration once', async () => {
  const engine = ENGINES.find((e) => e.name === 'postgres')
  if (engine === undefined) throw new Error('postgres engine missing')
  const store = await engine.open({ migrate: false })
  try {
    const other = await store.reopen()
    const results = await Promise.all([migrate(store.db), migrate(other)])
    expect(results.flatMap((r) => r.applied).sort()).toEqual(MIGRATIONS.map((m) => m.version))
    const rows = await store.db.query('SELECT version FROM schema_migrations ORDER BY version')
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version })))
  } finally {
    await store.cleanup()
  }
})
