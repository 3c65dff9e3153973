/**
 * `--workers 2` (startWorkers.ts): one REAL co-signer command, a node:cluster primary and two
 * worker processes on one port and one PostgreSQL schema (fresh, dropped afterwards). Both
 * workers serve; presignatures are raced from four channels at once (the primary spreads the
 * channels over both workers): each is released exactly once — one answer that combines into a
 * valid signature, every other request refused — its row is consumed and erased, the audit
 * records one release per presignature and its chain verifies, and SIGTERM stops every process.
 * PGlite with more than one worker is refused at start.
 */
import { randomBytes } from 'node:crypto'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import type { CosignerConnection } from '@tessera/cosigner-client'
import {
  dkg as deviceDkg,
  presign as devicePresign,
  requestPresignedShare,
} from '@tessera/cosigner-client'
import { ethereumSignature, generateEncryptionKey, type PairOtState } from '@tessera/mpc'
import pg from 'pg'
import { bytesToHex, hashMessage, hexToBytes, recoverMessageAddress } from 'viem'
import { publicKeyToAddress } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runCli } from '../cli.ts'
import { createTestSchema, dropTestSchema, POSTGRES_URL } from '../test/engines.ts'
import { loginWeChat, openSignerChannel } from '../test/signerChannel.ts'
import { type SpawnedCosigner, spawnCosigner } from '../test/spawnCosigner.ts'
import { startWeChatDouble, type WeChatDouble } from '../test/wechatDouble.ts'

describe('--workers 2 on one PostgreSQL', () => {
  let schema: string
  let wechat: WeChatDouble
  let cosigner: SpawnedCosigner
  let db: pg.Client
  const channels: CosignerConnection[] = []
  beforeAll(async () => {
    ;[schema, wechat] = await Promise.all([createTestSchema(), startWeChatDouble()])
    cosigner = await spawnCosigner({
      COSIGNER_WORKERS: '2',
      COSIGNER_STORAGE: 'postgres',
      COSIGNER_DATABASE_URL: POSTGRES_URL,
      COSIGNER_DATABASE_SCHEMA: schema,
      COSIGNER_MASTER_KEY: randomBytes(32).toString('hex'),
      COSIGNER_WECHAT_APPID: wechat.appId,
      COSIGNER_WECHAT_SECRET: wechat.secret,
      COSIGNER_WECHAT_BASE_URL: wechat.url,
    })
    await cosigner.waitForLine((line) => line.includes('"event":"workers_started"'), 60_000)
    db = new pg.Client({ connectionString: POSTGRES_URL, options: `-c search_path=${schema}` })
    await db.connect()
  }, 90_000)
  afterAll(async () => {
    for (const ch of channels) ch.close()
    await db?.end()
    const code = await cosigner?.stop()
    await wechat?.close()
    if (schema !== undefined) await dropTestSchema(schema)
    expect(code).toBe(0)
  })

  test('two worker processes serve the one port', () => {
    const pids = cosigner.output
      .join('')
      .split('\n')
      .filter((line) => line.includes('"event":"worker_started"'))
      .map((line) => (JSON.parse(line) as { pid: number }).pid)
    expect(pids).toHaveLength(2)
    expect(new Set(pids).size).toBe(2)
    expect(pids).not.toContain(cosigner.pid)
  })

  test('a presignature raced from four channels is released once; the other requests are refused', async () => {
    const { token, identity } = await loginWeChat(
      cosigner.url,
      wechat.issueCode({ openid: 'o-workers' }),
      'demo',
    )
    for (let k = 0; k < 4; k++) channels.push(await openSignerChannel(cosigner, token))
    const first = channels[0] as CosignerConnection
    const dkg = await deviceDkg(first, {
      keyId: 'wallet',
      curve: 'secp256k1',
      backupKey: generateEncryptionKey().publicKey,
    })
    const share = dkg.share
    const address = publicKeyToAddress(
      bytesToHex(secp256k1.Point.fromBytes(share.publicKey).toBytes(false)),
    )
    // One presignature made through each channel (so through both workers).
    const presignatures = []
    for (const ch of channels)
      presignatures.push(await devicePresign(ch, share, dkg.pair as PairOtState))
    for (const [i, { presignature, id }] of presignatures.entries()) {
      const raw = utf8ToBytes(`raced ${i}`)
      const request = { method: 'personal_sign' as const, payload: bytesToHex(raw) }
      const digest = hexToBytes(hashMessage({ raw }))
      const settled = await Promise.allSettled(
        channels.map((ch) => requestPresignedShare(ch, { share, id, request, digest })),
      )
      const released = settled.filter((s) => s.status === 'fulfilled')
      const refused = settled.filter((s) => s.status === 'rejected')
      expect(released).toHaveLength(1)
      expect(refused).toHaveLength(3)
      for (const r of refused)
        expect((r as PromiseRejectedResult).reason).toMatchObject({
          code: 'PartyFailed',
          retryable: false,
        })
      await presignature.sign(digest, { markConsumed: async () => {} })
      const signature = presignature.combine(
        (released[0] as PromiseFulfilledResult<readonly unknown[]>).value as never,
      )
      const recovered = await recoverMessageAddress({
        message: { raw },
        signature: bytesToHex(ethereumSignature(signature)),
      })
      expect(recovered).toBe(address)
    }
    const rows = await db.query(
      `SELECT count(*)::int AS n, count(consumed_at)::int AS consumed,
              max(length(ciphertext))::int AS longest
       FROM presignatures WHERE identity = $1`,
      [identity],
    )
    expect(rows.rows).toEqual([{ n: 4, consumed: 4, longest: 0 }])
    const releases = await db.query(
      `SELECT count(*)::int AS n FROM audit_log
       WHERE identity = $1 AND body LIKE '%"phase":"share-released"%'`,
      [identity],
    )
    expect(releases.rows).toEqual([{ n: 4 }])
    const out: string[] = []
    const verified = await runCli(
      ['verify-audit'],
      {
        COSIGNER_STORAGE: 'postgres',
        COSIGNER_DATABASE_URL: POSTGRES_URL,
        COSIGNER_DATABASE_SCHEMA: schema,
      },
      { out: (l) => out.push(l), err: (l) => out.push(l) },
    )
    expect(out.join('\n')).toContain('"ok":true')
    expect(verified.code).toBe(0)
  })
})

test('--workers above 1 with PGlite is refused at start (exit 2)', async () => {
  const err: string[] = []
  const result = await runCli(
    ['start', '--workers', '2', '--storage', 'pglite'],
    {},
    {
      out: () => {},
      err: (l) => err.push(l),
    },
  )
  expect(result.code).toBe(2)
  expect(err.join('\n')).toContain('--workers above 1 needs --storage postgres')
})
