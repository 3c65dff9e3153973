/**
 * With `COSIGNER_REDIS_URL`, per-address and per-identity limits are the cluster's
 * (docs/DEPLOYMENT.md#limits-across-a-cluster): two co-signer processes on one Redis share the
 * login attempts, the admin-token failures and the MPC connection slots of one client address.
 * Real processes and the real Redis, one key prefix per run.
 */
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { WebSocket } from 'ws'
import { type SpawnedCosigner, spawnCosigner } from '../test/spawnCosigner.ts'

const REDIS = process.env.COSIGNER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
const prefix = `cosigner-limits-${randomBytes(6).toString('hex')}`
const ADMIN_TOKEN = randomBytes(16).toString('hex')
let a: SpawnedCosigner
let b: SpawnedCosigner

beforeAll(async () => {
  const env = {
    COSIGNER_REDIS_URL: REDIS,
    COSIGNER_REDIS_PREFIX: prefix,
    COSIGNER_MPC_CONNECTIONS_PER_IP: '1',
    COSIGNER_LOGIN_PER_MINUTE_IP: '3',
    COSIGNER_ADMIN_TOKEN: ADMIN_TOKEN,
  }
  ;[a, b] = await Promise.all([spawnCosigner(env, 90_000), spawnCosigner(env, 90_000)])
}, 120_000)
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()])
  const redis = new Redis(REDIS)
  const keys = await redis.keys(`${prefix}*`)
  if (keys.length > 0) await redis.del(...keys)
  await redis.quit()
})

/**
 * Counts are per clock minute: a test that needs one window starts early in a minute (waiting at
 * most 20 s for the next one), so a load-slowed run cannot straddle two.
 */
async function freshMinute(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000)
  if (left < 20_000) await new Promise((resolve) => setTimeout(resolve, left + 50))
}

const login = async (on: SpawnedCosigner) =>
  (
    await fetch(`${on.url}/v1/login/wechat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'not-a-code', dappId: 'demo' }),
    })
  ).status
const admin = async (on: SpawnedCosigner, token: string) =>
  (
    await fetch(`${on.url}/v1/admin/policies/*/*`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).status

function upgrade(url: string): Promise<{ status: number; ws?: WebSocket }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url)
    ws.once('open', () => resolve({ status: 101, ws }))
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 })
      res.resume()
    })
    ws.once('error', reject)
  })
}

test('login attempts of one address are counted across both processes', async () => {
  await freshMinute()
  const statuses = [await login(a), await login(b), await login(a), await login(b)]
  // Whatever the first three answer (WeChat is not configured), the fourth is over the limit.
  expect(statuses.slice(0, 3)).not.toContain(429)
  expect(statuses[3]).toBe(429)
})

test('admin-token failures on one process lock the address out of the other', async () => {
  await freshMinute()
  const failures: number[] = []
  for (let i = 0; i < 10; i++) failures.push(await admin(i % 2 === 0 ? a : b, 'wrong'))
  expect(new Set(failures)).toEqual(new Set([401]))
  // The right token no longer helps, on either process, until the minute ends.
  expect(await admin(a, ADMIN_TOKEN)).toBe(429)
  expect(await admin(b, ADMIN_TOKEN)).toBe(429)
})

test('one MPC connection slot per address, shared by both processes', async () => {
  const first = await upgrade(a.mpcUrl)
  expect(first.status).toBe(101)
  expect((await upgrade(b.mpcUrl)).status).toBe(429)
  expect((await upgrade(a.mpcUrl)).status).toBe(429)
  const closed = new Promise((resolve) => first.ws?.once('close', resolve))
  first.ws?.close()
  await closed
  // Freed: the other process accepts the address again.
  await expect
    .poll(
      async () => {
        const next = await upgrade(b.mpcUrl)
        next.ws?.terminate()
        return next.status
      },
      { timeout: 10_000, interval: 200 },
    )
    .toBe(101)
})
