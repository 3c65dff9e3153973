/**
 * What an operator reads at info (docs/DEPLOYMENT.md#what-to-watch): `/v1/mpc` connections opened
 * and closed with the count only, and Redis lost and regained, named by host:port. Real Redis,
 * reached through a loopback TCP proxy the test cuts and restores; one key prefix per run.
 */
import { randomBytes } from 'node:crypto'
import net from 'node:net'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, expect, test } from 'vitest'
import WebSocket from 'ws'
import { NO_MPC_PARTY } from '../mpc/mpcParty.ts'
import { startTestCosigner, type TestCosigner } from '../test/startTestCosigner.ts'

const REDIS = new URL(process.env.COSIGNER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379')
const prefix = `cosigner-logs-${randomBytes(6).toString('hex')}`

/** A TCP proxy to Redis on a fixed loopback port; `cut` drops it and every connection. */
function redisProxy(port = 0) {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(REDIS.port || 6379), REDIS.hostname)
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('error', () => {})
      s.on('close', () => sockets.delete(s))
    }
    client.pipe(upstream).pipe(client)
  })
  return {
    listen: () =>
      new Promise<number>((resolve) =>
        server.listen(port, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
      ),
    cut: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

let c: TestCosigner
let proxy = redisProxy()
let port: number
beforeAll(async () => {
  port = await proxy.listen()
  c = await startTestCosigner({
    party: NO_MPC_PARTY,
    redisUrl: `redis://127.0.0.1:${port}`,
    redisPrefix: prefix,
  })
}, 60_000)
afterAll(async () => {
  await c?.cleanup()
  await proxy.cut()
  const redis = new Redis(REDIS.href)
  const keys = await redis.keys(`${prefix}*`)
  if (keys.length > 0) await redis.del(...keys)
  await redis.quit()
})

const events = (name: string) =>
  c.logs
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((l) => l.event === name)
    .map(({ level, connections, redis }) => ({ level, connections, redis }))

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
  proxy = redisProxy(port)
  await proxy.listen()
  await c.waitForLog((line) => line.includes('"redis_regained"'))
  const where = `127.0.0.1:${port}`
  expect(events('redis_lost')).toEqual([{ level: 'info', redis: where }])
  expect(events('redis_regained')).toEqual([{ level: 'info', redis: where }])
}, 30_000)
