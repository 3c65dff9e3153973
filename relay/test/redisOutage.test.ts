/**
 * Cluster mode with Redis going away: /health turns 503 (storage unreachable) instead of hanging,
 * the process stays up, and once Redis is back the node reports healthy and delivers again.
 * Redis is reached through a loopback TCP proxy the test cuts and restores (the server kit's
 * `startCuttableProxy`, shared with the co-signer's test).
 */
import { randomBytes } from 'node:crypto'
import { startCuttableProxy } from '@tessera/server-kit/testing'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { RelayTestClient } from './client.ts'
import { testRelay, topicOf } from './harness.ts'
import { until } from './until.ts'

const REDIS = new URL(process.env.RELAY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379')
const prefix = `relay-outage-${randomBytes(6).toString('hex')}`

afterAll(async () => {
  const redis = new Redis(REDIS.href)
  const keys = await redis.keys(`${prefix}*`)
  if (keys.length > 0) await redis.del(...keys)
  await redis.quit()
})

describe('Redis outage', () => {
  it('reports 503 while Redis is unreachable and recovers when it returns', async () => {
    const proxy = await startCuttableProxy(REDIS)
    const port = proxy.port
    const logged: { event?: string; level?: string; redis?: string }[] = []
    const relay = await testRelay(
      {
        storage: 'redis',
        redisUrl: `redis://127.0.0.1:${port}`,
        redisPrefix: prefix,
        logLevel: 'info',
      },
      { logSink: (line) => logged.push(JSON.parse(line) as (typeof logged)[number]) },
    )
    const redisEvents = () =>
      logged.filter((l) => l.event?.startsWith('redis_')).map((l) => [l.level, l.event, l.redis])
    const health = async () => (await fetch(`${relay.url.replace('ws:', 'http:')}/health`)).status
    const a = new RelayTestClient({ url: relay.url })
    const b = new RelayTestClient({ url: relay.url })
    try {
      expect(await health()).toBe(200)
      await proxy.cut()
      await until(async () => (await health()) === 503, '503 while Redis is away', 10_000)
      await proxy.restore()
      await until(async () => (await health()) === 200, '200 once Redis is back', 15_000)
      await until(async () => redisEvents().length === 2, 'Redis lost and regained logged', 15_000)
      expect(redisEvents()).toEqual([
        ['info', 'redis_lost', `127.0.0.1:${port}`],
        ['info', 'redis_regained', `127.0.0.1:${port}`],
      ])
      await a.connect()
      await b.connect()
      const t = topicOf()
      await b.request('irn_subscribe', { topic: t })
      await a.publish(t, 'after the outage')
      await b.waitForMessages(1)
      expect(b.received[0]?.message).toBe('after the outage')
      // Connections opened and closed are logged at info with counts only, never contents.
      await a.close()
      await b.close()
      const counts = (event: string) =>
        logged
          .filter((l) => l.event === event)
          .map((l) => [l.level, (l as { connections?: number }).connections])
      await until(() => counts('connection_closed').length === 2, 'both closes logged', 10_000)
      expect(counts('connection_opened')).toEqual([
        ['info', 1],
        ['info', 2],
      ])
      expect(counts('connection_closed')).toEqual([
        ['info', 1],
        ['info', 0],
      ])
      expect(JSON.stringify(logged)).not.toContain('after the outage')
    } finally {
      await a.close()
      await b.close()
      await relay.stop()
      await proxy.close()
    }
  }, 40_000)
})
