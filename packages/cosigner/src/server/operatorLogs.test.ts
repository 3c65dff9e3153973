/**
 * What an operator reads at info (docs/DEPLOYMENT.md#what-to-watch): `/v1/mpc` connections opened
 * and closed with the count only, a client that stops reading closed as a slow consumer (its
 * address, never contents), and Redis lost and regained, named by host:port. Real Redis,
 * reached through a loopback TCP proxy the test cuts and restores (the server kit's
 * `startCuttableProxy`, shared with the relay's outage test); one key prefix per run.
 */
import { randomBytes } from 'node:crypto'
import { expositionProblems } from '@tessera/server-kit'
import { type CuttableProxy, startCuttableProxy } from '@tessera/server-kit/testing'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, expect, test } from 'vitest'
import WebSocket from 'ws'
import { NO_MPC_PARTY } from '../mpc/mpcParty.ts'
import { startTestCosigner, type TestCosigner } from '../test/startTestCosigner.ts'

const REDIS = new URL(process.env.COSIGNER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379')
const prefix = `cosigner-logs-${randomBytes(6).toString('hex')}`

let c: TestCosigner
let proxy: CuttableProxy
beforeAll(async () => {
  proxy = await startCuttableProxy(REDIS)
  c = await startTestCosigner({
    party: NO_MPC_PARTY,
    redisUrl: `redis://${proxy.address}`,
    redisPrefix: prefix,
    // A second between pings: a client that stops reading is closed within two.
    pingIntervalMs: 1_000,
  })
}, 60_000)
afterAll(async () => {
  await c?.cleanup()
  await proxy?.close()
  const redis = new Redis(REDIS.href)
  const keys = await redis.keys(`${prefix}*`)
  if (keys.length > 0) await redis.del(...keys)
  await redis.quit()
})

const events = (name: string) =>
  c.logs
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((l) => l.event === name)
    .map(({ level, connections, redis, ip, reason }) => ({ level, connections, redis, ip, reason }))

test('MPC connections opened and closed are logged at info with the count', async () => {
  const ws = new WebSocket(c.mpcUrl)
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  await c.waitForLog((line) => line.includes('"mpc_connection_opened"'))
  ws.close()
  await c.waitForLog((line) => line.includes('"mpc_connection_closed"'))
  expect(events('mpc_connection_opened')).toEqual([{ level: 'info', connections: 1 }])
  expect(events('mpc_connection_closed')).toEqual([{ level: 'info', connections: 0 }])
}, 20_000)

test('Redis lost and regained are logged once each at info, naming host:port', async () => {
  await proxy.cut()
  await c.waitForLog((line) => line.includes('"redis_lost"'))
  await proxy.restore()
  await c.waitForLog((line) => line.includes('"redis_regained"'))
  const where = proxy.address
  expect(events('redis_lost')).toEqual([{ level: 'info', redis: where }])
  expect(events('redis_regained')).toEqual([{ level: 'info', redis: where }])
}, 30_000)

test('a client that stops reading is closed as a slow consumer, logged at info', async () => {
  const ws = new WebSocket(c.mpcUrl)
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  // Reads nothing more: the co-signer's pings go unread and unanswered.
  ws.pause()
  await c.waitForLog((line) => line.includes('"slow_consumer_closed"'))
  ws.resume()
  ws.terminate()
  expect(events('slow_consumer_closed')).toEqual([
    { level: 'info', ip: '127.0.0.1', reason: 'no_pong', connections: 0 },
  ])
}, 20_000)

test('the served /metrics passes the checks of promtool check metrics', async () => {
  const text = await (await fetch(`${c.url}/metrics`)).text()
  expect(text).toContain('cosigner_mpc_rejections_total{reason="ping_timeout"} 1')
  expect(expositionProblems(text)).toEqual([])
})
