/**
 * The command line against the real PostgreSQL: `verify-audit` passes on an intact chain and
 * exits 1 naming the record after tampering (and against a stale anchor); `rotate-master-key`
 * rewraps and reports; `burn-single-use` (after a database restore) marks every unconsumed
 * presignature and nonce used, so a restored row is never released again; configuration errors
 * exit 2 without echoing secrets.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { type AddressInfo, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { appendAudit } from './audit/auditLog.ts'
import { runCli } from './cli.ts'
import { createKeyring, masterKey } from './crypto/masterKey.ts'
import { upsertIdentity } from './storage/identities.ts'
import { getShare, putKey } from './storage/keys.ts'
import { consumePresignature, putPresignature } from './storage/presignatures.ts'
import {
  createTestSchema,
  dropTestSchema,
  ENGINES,
  POSTGRES_URL,
  type TestStore,
} from './test/engines.ts'

const postgres = ENGINES.find((e) => e.name === 'postgres')
if (postgres === undefined) throw new Error('postgres engine missing')

function capture() {
  const out: string[] = []
  const err: string[] = []
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err }
}

describe('tessera-cosigner commands', () => {
  let store: TestStore
  let env: Record<string, string>
  beforeAll(async () => {
    store = await postgres.open()
    env = {
      COSIGNER_STORAGE: 'postgres',
      COSIGNER_DATABASE_URL: POSTGRES_URL,
      COSIGNER_DATABASE_SCHEMA: (store.config as { schema: string }).schema,
    }
    for (let i = 0; i < 4; i++)
      await appendAudit(
        store.db,
        { identity: 'wechat:wx:a', dappId: 'demo', kind: 'sign', data: { i } },
        i,
      )
  })
  afterAll(() => store.cleanup())

  test('verify-audit passes an intact chain and prints the head to anchor', async () => {
    const { io, out } = capture()
    expect((await runCli(['verify-audit'], env, io)).code).toBe(0)
    expect(JSON.parse(out.at(-1) as string)).toMatchObject({
      event: 'audit_verified',
      ok: true,
      records: 4,
      headSeq: 4,
      headHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    })
  })

  test('verify-audit exits 1 and names an altered record', async () => {
    const before = capture()
    await runCli(['verify-audit'], env, before.io)
    const head = JSON.parse(before.out.at(-1) as string) as { headSeq: number; headHash: string }
    await store.db.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change')
    await store.db.query(`UPDATE audit_log SET body = '{"i":9}' WHERE seq = 2`)
    const { io, out } = capture()
    expect(
      (await runCli(['verify-audit', '--expect-head', `${head.headSeq}:${head.headHash}`], env, io))
        .code,
    ).toBe(1)
    expect(out.map((l) => JSON.parse(l))).toEqual([
      {
        event: 'audit_problem',
        seq: 2,
        problem: 'hash does not match the record’s content: the record was altered',
      },
      expect.objectContaining({ event: 'audit_verified', ok: false, records: 4 }),
    ])
  })

  test('burn-single-use: a restored presignature or nonce is never released again', async () => {
    const keyring = createKeyring(masterKey(new Uint8Array(randomBytes(32))))
    await upsertIdentity(store.db, 'wechat:wx:b', 'wechat', 1)
    await putKey(
      store.db,
      keyring,
      {
        identity: 'wechat:wx:b',
        keyId: 'kb',
        epoch: 0,
        curve: 'secp256k1',
        status: 'active',
        publicKey: new Uint8Array(33),
        publicState: {},
        share: new Uint8Array(randomBytes(32)),
      },
      1,
    )
    const ref = (recordId: string, kind: 'presignature' | 'nonce') => ({
      identity: 'wechat:wx:b',
      keyId: 'kb',
      epoch: 0,
      recordId,
      kind,
    })
    // As a restored backup would hold them: unconsumed.
    await putPresignature(store.db, keyring, ref('p1', 'presignature'), new Uint8Array(64), 2)
    await putPresignature(store.db, keyring, ref('p2', 'presignature'), new Uint8Array(64), 2)
    await putPresignature(store.db, keyring, ref('n1', 'nonce'), new Uint8Array(64), 2)
    const { io, out } = capture()
    expect((await runCli(['burn-single-use'], env, io)).code).toBe(0)
    expect(JSON.parse(out[0] as string)).toEqual({
      event: 'single_use_burned',
      presignatures: 2,
      nonces: 1,
    })
    for (const [id, kind] of [
      ['p1', 'presignature'],
      ['n1', 'nonce'],
    ] as const)
      await expect(consumePresignature(store.db, keyring, ref(id, kind), 3)).rejects.toMatchObject({
        code: 'AlreadyConsumed',
      })
    // Nothing left to burn.
    const again = capture()
    await runCli(['burn-single-use'], env, again.io)
    expect(JSON.parse(again.out[0] as string)).toMatchObject({ presignatures: 0, nonces: 0 })
    // Sealed under this test's own keyring: removed so the rotation test sees only its key.
    await store.db.query(`DELETE FROM keys WHERE identity = 'wechat:wx:b'`)
  })

  test('rotate-master-key rewraps every share under the new key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cosigner-rotate-'))
    try {
      const oldKey = randomBytes(32)
      const newKey = randomBytes(32)
      await writeFile(join(dir, 'old.key'), oldKey)
      await writeFile(join(dir, 'new.key'), newKey)
      const share = new Uint8Array(randomBytes(32))
      await upsertIdentity(store.db, 'wechat:wx:r', 'wechat', 1)
      const old = createKeyring(masterKey(new Uint8Array(oldKey)))
      await putKey(
        store.db,
        old,
        {
          identity: 'wechat:wx:r',
          keyId: 'k',
          epoch: 0,
          curve: 'secp256k1',
          status: 'active',
          publicKey: new Uint8Array(33),
          publicState: {},
          share,
        },
        1,
      )
      const { io, out } = capture()
      const result = await runCli(
        [
          'rotate-master-key',
          '--master-key-file',
          join(dir, 'new.key'),
          '--previous-master-key-files',
          join(dir, 'old.key'),
        ],
        env,
        io,
      )
      expect(result.code).toBe(0)
      expect(JSON.parse(out[0] as string)).toMatchObject({
        event: 'master_key_rotated',
        rewrapped: { keys: 1 },
        failed: [],
      })
      expect(
        await getShare(
          store.db,
          createKeyring(masterKey(new Uint8Array(newKey))),
          'wechat:wx:r',
          'k',
          0,
        ),
      ).toEqual(share)
      expect(out.join('')).not.toContain(oldKey.toString('hex'))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  test('configuration errors exit 2; secrets are refused as flags and never echoed', async () => {
    const a = capture()
    expect((await runCli(['--admin-token', 'x'.repeat(40)], env, a.io)).code).toBe(2)
    expect(a.err).toHaveLength(1)
    const fatal = JSON.parse(a.err[0] as string) as Record<string, unknown>
    expect(fatal).toMatchObject({
      level: 'fatal',
      event: 'start_failed',
      errorCode: 'SecretAsFlag',
      error: '--admin-token: secrets are accepted from the environment only (COSIGNER_ADMIN_TOKEN)',
    })
    expect(typeof fatal.time).toBe('string')
    expect(a.err[0]).not.toContain('x'.repeat(40))
    const b = capture()
    expect((await runCli(['frobnicate'], env, b.io)).code).toBe(2)
    expect(b.err[0]).toContain('unknown command \\"frobnicate\\"')
    expect(b.err[0]).toContain('"event":"command_failed"')
    const c = capture()
    expect((await runCli(['verify-audit', '--expect-head', 'zz'], env, c.io)).code).toBe(2)
    const d = capture()
    expect((await runCli(['start'], { ...env, COSIGNER_SESSION_TTL_SEC: '3600' }, d.io)).code).toBe(
      2,
    )
    expect(d.err[0]).toContain(
      'COSIGNER_SESSION_TTL_SEC expected an integer in 1..900, got \\"3600\\"',
    )
    const f = capture()
    expect(
      (await runCli(['verify-audit', '--data-dir', '/nonexistent-cosigner'], {}, f.io)).code,
    ).toBe(2)
    expect(f.err[0]).toContain(
      'no co-signer data at /nonexistent-cosigner/pglite: check --data-dir',
    )
    const g = capture()
    const empty = await createTestSchema()
    try {
      expect(
        (await runCli(['verify-audit'], { ...env, COSIGNER_DATABASE_SCHEMA: empty }, g.io)).code,
      ).toBe(2)
      expect(g.err[0]).toContain(
        'this database holds no co-signer audit log: check the database URL and schema',
      )
    } finally {
      await dropTestSchema(empty)
    }
    const e = capture()
    expect((await runCli(['start'], { ...env, COSIGNER_MASTER_KEY: '' }, e.io)).code).toBe(2)
    expect(e.err[0]).toContain('a master key is required with PostgreSQL')
  })

  test('PostgreSQL unreachable, without the database or the schema: one fatal line naming it, exit 2', async () => {
    const key = { COSIGNER_MASTER_KEY: randomBytes(32).toString('hex') }
    const fatalOf = (lines: string[]) =>
      lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === 'fatal')
    const probe = createServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    const { port } = probe.address() as AddressInfo
    await new Promise<void>((resolve) => probe.close(() => resolve()))
    const down = capture()
    const unreachable = `postgres://tessera:hunter2@127.0.0.1:${port}/cosigner`
    expect(
      (
        await runCli(
          ['start', '--storage', 'postgres', '--database-url', unreachable],
          key,
          down.io,
        )
      ).code,
    ).toBe(2)
    expect(fatalOf(down.err)).toEqual([
      expect.objectContaining({
        event: 'start_failed',
        errorCode: 'PostgresUnreachable',
        error: `PostgreSQL unreachable at 127.0.0.1:${port} (ECONNREFUSED): start it or fix the database URL`,
      }),
    ])
    expect(down.err.join('')).not.toContain('hunter2')
    const missing = capture()
    const database = `tessera_missing_${randomBytes(4).toString('hex')}`
    const url = new URL(POSTGRES_URL)
    url.pathname = `/${database}`
    expect(
      (await runCli(['start'], { ...env, ...key, COSIGNER_DATABASE_URL: url.href }, missing.io))
        .code,
    ).toBe(2)
    expect(fatalOf(missing.err)).toEqual([
      expect.objectContaining({
        errorCode: 'DatabaseMissing',
        error: `PostgreSQL at ${url.hostname}:${url.port || 5432} has no database "${database}": run CREATE DATABASE "${database}"`,
      }),
    ])
    const noSchema = capture()
    const schema = `tessera_missing_${randomBytes(4).toString('hex')}`
    expect(
      (await runCli(['start'], { ...env, ...key, COSIGNER_DATABASE_SCHEMA: schema }, noSchema.io))
        .code,
    ).toBe(2)
    expect(fatalOf(noSchema.err)).toEqual([
      expect.objectContaining({
        errorCode: 'SchemaMissing',
        error: expect.stringContaining(`CREATE SCHEMA "${schema}"`),
      }),
    ])
  })

  test('Redis unreachable and port in use: one fatal line naming it, exit 2; unknown COSIGNER_* reported', async () => {
    const key = { COSIGNER_MASTER_KEY: randomBytes(32).toString('hex') }
    const fatalOf = (lines: string[]) =>
      lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === 'fatal')
    const holder = createServer()
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve))
    const { port } = holder.address() as AddressInfo
    try {
      const noRedis = capture()
      // The held port is no Redis: the connection fails, and the error names that address.
      const closed = createServer()
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
      const redisPort = (closed.address() as AddressInfo).port
      await new Promise<void>((resolve) => closed.close(() => resolve()))
      const redisUrl = `redis://:hunter2@127.0.0.1:${redisPort}`
      expect(
        (await runCli(['start'], { ...env, ...key, COSIGNER_REDIS_URL: redisUrl }, noRedis.io))
          .code,
      ).toBe(2)
      expect(fatalOf(noRedis.err)).toEqual([
        expect.objectContaining({
          errorCode: 'RedisUnreachable',
          error: expect.stringContaining(`Redis unreachable at 127.0.0.1:${redisPort}`),
        }),
      ])
      expect(noRedis.err.join('')).not.toContain('hunter2')
      const busy = capture()
      expect(
        (
          await runCli(
            ['start', '--port', String(port)],
            { ...env, ...key, COSIGNER_PROT: '1' },
            busy.io,
          )
        ).code,
      ).toBe(2)
      // A variable no option has (a typo) is reported first, at warn, by name only.
      expect(JSON.parse(busy.err[0] as string)).toMatchObject({
        level: 'warn',
        event: 'unknown_environment',
        variables: ['COSIGNER_PROT'],
      })
      expect(fatalOf(busy.err)).toEqual([
        expect.objectContaining({
          errorCode: 'PortInUse',
          error: expect.stringContaining(`port ${port} on 127.0.0.1 is in use`),
        }),
      ])
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()))
    }
  })

  test('--help prints the option table and exits 0', async () => {
    const help = capture()
    expect((await runCli(['--help'], {}, help.io)).code).toBe(0)
    const text = help.out.join('\n')
    expect(text).toMatch(/^usage: tessera-cosigner/)
    expect(text).toMatch(/--trust-proxy\s+COSIGNER_TRUST_PROXY/)
    expect(text).toMatch(/\(environment only\)\s+COSIGNER_MASTER_KEY/)
    expect(help.err).toEqual([])
  })
})
