/**
 * A DKG whose co-signer process is killed (SIGKILL) after it stored its share `pending` and
 * answered round 3, before round 4: two REAL co-signer processes on one PostgreSQL (a fresh
 * schema, dropped afterwards). The pending share survives the crash; the device completes the
 * DKG on the other process with its ack (resolvePendingDkg.ts), that process signs with the key,
 * and the audit chain records the promotion.
 */
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { ed25519 } from '@noble/curves/ed25519.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { frostSign as deviceFrostSign, exchangeRound } from '@tessera/cosigner-client'
import { generateEncryptionKey, type KeyShare } from '@tessera/mpc'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { deviceDkgRounds } from '../../test/deviceDkgSteps.ts'
import { createTestSchema, dropTestSchema, POSTGRES_URL } from '../../test/engines.ts'
import { loginWeChat, openSignerChannel } from '../../test/signerChannel.ts'
import { type SpawnedCosigner, spawnCosigner } from '../../test/spawnCosigner.ts'
import { startWeChatDouble, type WeChatDouble } from '../../test/wechatDouble.ts'

/** The child processes of `pid` (its main thread's, from /proc). */
async function childProcesses(pid: number): Promise<number[]> {
  const list = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8')
  return list
    .split(/\s+/)
    .filter((s) => s !== '')
    .map(Number)
}

/** Connects to the URL's port: 'connected', or the error code the connection failed with. */
function dial(url: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve('connected')
    })
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
  })
}

describe('a co-signer process killed between DKG rounds 3 and 4', () => {
  let schema: string
  let wechat: WeChatDouble
  let a: SpawnedCosigner
  let b: SpawnedCosigner
  let db: pg.Client
  let token: string
  let identity: string
  beforeAll(async () => {
    ;[schema, wechat] = await Promise.all([createTestSchema(), startWeChatDouble()])
    const env = {
      COSIGNER_STORAGE: 'postgres',
      COSIGNER_DATABASE_URL: POSTGRES_URL,
      COSIGNER_DATABASE_SCHEMA: schema,
      COSIGNER_MASTER_KEY: randomBytes(32).toString('hex'),
      COSIGNER_PUBLIC_URL: 'https://cosigner.test',
      COSIGNER_WECHAT_APPID: wechat.appId,
      COSIGNER_WECHAT_SECRET: wechat.secret,
      COSIGNER_WECHAT_BASE_URL: wechat.url,
      COSIGNER_LOG_LEVEL: 'debug',
    }
    ;[a, b] = await Promise.all([spawnCosigner(env), spawnCosigner(env)])
    ;({ token, identity } = await loginWeChat(
      a.url,
      wechat.issueCode({ openid: 'o-dkg-crash' }),
      'demo',
    ))
    db = new pg.Client({ connectionString: POSTGRES_URL, options: `-c search_path=${schema}` })
    await db.connect()
  }, 90_000)
  afterAll(async () => {
    await db?.end()
    const code = await b?.stop()
    await a?.stop()
    await wechat?.close()
    if (schema !== undefined) await dropTestSchema(schema)
    expect(code).toBe(0)
  })

  test('the pending share survives; the other process promotes it with the ack and signs', async () => {
    const backup = generateEncryptionKey()
    const onA = await openSignerChannel(a, token)
    const run = await deviceDkgRounds(
      onA,
      { keyId: 'k-crash', curve: 'ed25519', backupKey: backup.publicKey },
      3,
    )
    onA.close()
    await a.waitForLine(
      (line) =>
        line.includes('"event":"mpc_stream_end"') &&
        line.includes('"protocol":"dkg"') &&
        line.includes('"lockReleased":true'),
    )
    // The handle is the server itself (no launcher process between), so its exit is the
    // server's: once crash() resolves, the port refuses (a launcher's exit came first, and a
    // request then was accepted and reset).
    expect(await childProcesses(a.pid)).toEqual([])
    expect(await a.crash()).toBe('SIGKILL')
    expect(await dial(a.url)).toBe('ECONNREFUSED')
    const status = async () =>
      (
        await db.query('SELECT epoch, status FROM keys WHERE identity = $1 AND key_id = $2', [
          identity,
          'k-crash',
        ])
      ).rows
    expect(await status()).toEqual([{ epoch: 0, status: 'pending' }])
    const onB = await openSignerChannel(b, token)
    try {
      expect(
        await exchangeRound(
          onB.stream('dkg'),
          'dkg',
          1,
          { variant: 'pendingAck', pendingAck: run.ok as Uint8Array },
          'k-crash',
        ),
      ).toEqual({ variant: 'completed', epoch: 0, publicKey: run.share?.publicKey })
      expect(await status()).toEqual([{ epoch: 0, status: 'active' }])
      const message = utf8ToBytes('signed after the crash')
      const signature = await deviceFrostSign(onB, run.share as KeyShare, message)
      expect(ed25519.verify(signature, message, (run.share as KeyShare).publicKey)).toBe(true)
    } finally {
      onB.close()
    }
    const audit = await db.query(
      `SELECT kind, body FROM audit_log WHERE identity = $1 AND body LIKE '%k-crash%' ORDER BY seq`,
      [identity],
    )
    expect(
      audit.rows.map((r: { kind: string; body: string }) => {
        const data = JSON.parse(r.body) as Record<string, unknown>
        return [r.kind, data.resolved ?? data.status ?? data.phase ?? null]
      }),
    ).toEqual([
      ['dkg', 'pending'],
      ['dkg', 'promote'],
      ['sign', 'signed'],
    ])
  }, 90_000)
})
