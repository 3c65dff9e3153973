/**
 * Per-IP and per-client limits are the cluster's in Redis mode
 * (docs/DEPLOYMENT.md#limits-across-a-cluster): two relay processes on one Redis share one client
 * address's connection slots and publish bucket, two relay instances share one identity's publish
 * bucket and topic count, and a killed process's slots come free when their leases run out. Real Redis, one key
 * prefix per run.
 */
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { subscriptionId } from '../src/server/connection.ts'
import { RelayTestClient } from './client.ts'
import { testRelay, topicOf } from './harness.ts'
import { newIdentity, signJwt } from './jwt.ts'
import { upgradeRefusal } from './rawSocket.ts'
import { type RelayProcess, spawnRelay } from './relayProcess.ts'

const REDIS = process.env.RELAY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
const prefix = `relay-limits-${randomBytes(6).toString('hex')}`
const relays: RelayProcess[] = []
const instances: Awaited<ReturnType<typeof testRelay>>[] = []
const clients: RelayTestClient[] = []

afterAll(async () => {
  for (const c of clients) await c.close()
  for (const r of relays) await r.kill()
  for (const r of instances) await r.stop()
  const redis = new Redis(REDIS)
  const keys = await redis.keys(`${prefix}*`)
  if (keys.length > 0) await redis.del(...keys)
  await redis.quit()
})

describe('limits across a cluster', () => {
  it('two relay processes share the per-IP connection slots and publish rate', async () => {
    const flags = [
      ...['--storage', 'redis', '--redis-url', REDIS, '--redis-prefix', prefix, '--port', '0'],
      ...['--max-connections-per-ip', '2', '--publish-per-sec-ip', '1'],
      ...['--publish-per-sec-client', '100'],
    ]
    const [a, b] = await Promise.all([spawnRelay(flags, 60_000), spawnRelay(flags, 60_000)])
    relays.push(a, b)
    // One slot on each process: the address holds two, the cluster's limit.
    const onA = new RelayTestClient({ url: a.url })
    const onB = new RelayTestClient({ url: b.url })
    clients.push(onA, onB)
    await onA.connect()
    await onB.connect()
    for (const r of [a, b]) {
      const query = `/?auth=${signJwt(newIdentity(), { aud: r.url })}`
      expect(await upgradeRefusal(r.url, query)).toMatchObject({
        status: 429,
        reason: 'too_many_connections',
      })
    }
    // The IP's bucket holds 2 (1 a second, 2 s of burst) for both processes together; apart,
    // each would pass 2 at once.
    const outcomes: (true | string)[] = []
    const started = Date.now()
    for (let i = 0; i < 6; i++) {
      for (const c of [onA, onB]) {
        outcomes.push(
          await c.publish(topicOf(), `m${i}`).then(
            () => true as const,
            (e: Error) => e.message,
          ),
        )
      }
    }
    const refilled = Math.ceil((Date.now() - started) / 1000)
    const passed = outcomes.filter((o) => o === true).length
    expect(passed).toBeGreaterThanOrEqual(2)
    expect(passed).toBeLessThanOrEqual(2 + refilled)
    expect(outcomes.filter((o) => o !== true)).toContain('Rate limited: too many publishes: per IP')
    // A closed connection frees its slot for the other process.
    await onA.close()
    const next = new RelayTestClient({ url: b.url })
    clients.push(next)
    await expect
      .poll(
        async () =>
          next.connect().then(
            () => 'connected',
            (e: Error) => e.message,
          ),
        { timeout: 10_000, interval: 200 },
      )
      .toBe('connected')
  }, 150_000)

  it("two relay instances share one identity's publish bucket", async () => {
    // One frozen clock for both: no refill, so the cluster's bucket (1 a second, 2 s of burst)
    // passes exactly 2 publishes; counted per instance it would pass 2 on each.
    const frozen = Date.now()
    const config = {
      storage: 'redis' as const,
      redisUrl: REDIS,
      redisPrefix: `${prefix}-client`,
      publishPerSecClient: 1,
      publishPerSecIp: 1000,
    }
    const [a, b] = await Promise.all([
      testRelay(config, { now: () => frozen }),
      testRelay(config, { now: () => frozen }),
    ])
    instances.push(a, b)
    const identity = newIdentity()
    const onA = new RelayTestClient({ url: a.url, identity })
    const onB = new RelayTestClient({ url: b.url, identity })
    clients.push(onA, onB)
    await onA.connect()
    await onB.connect()
    const outcomes: (true | string)[] = []
    for (let i = 0; i < 3; i++) {
      for (const c of [onA, onB]) {
        outcomes.push(
          await c.publish(topicOf(), `c${i}`).then(
            () => true as const,
            (e: Error) => e.message,
          ),
        )
      }
    }
    expect(outcomes.slice(0, 2)).toEqual([true, true])
    expect(outcomes.slice(2)).toEqual(Array(4).fill('Rate limited: too many publishes: per client'))
    // Another identity on the same address has its own bucket.
    const other = new RelayTestClient({ url: b.url })
    clients.push(other)
    await other.connect()
    await expect(other.publish(topicOf(), 'other')).resolves.toBe(true)
  }, 60_000)

  it("two relay instances share one identity's topic count; unsubscribes and closes free it", async () => {
    const config = {
      storage: 'redis' as const,
      redisUrl: REDIS,
      redisPrefix: `${prefix}-topics`,
      maxTopicsPerClient: 3,
    }
    const [a, b] = await Promise.all([testRelay(config), testRelay(config)])
    instances.push(a, b)
    const identity = newIdentity()
    const onA = new RelayTestClient({ url: a.url, identity })
    const onB = new RelayTestClient({ url: b.url, identity })
    clients.push(onA, onB)
    await onA.connect()
    await onB.connect()
    const [t1, t2, t3, t4] = [topicOf(), topicOf(), topicOf(), topicOf()]
    await onA.request('irn_batchSubscribe', { topics: [t1, t2] })
    // Two on A leave one for the identity: two more on B (each node alone would allow 3) fail,
    // and nothing of the refused call stays held.
    await expect(onB.request('irn_batchSubscribe', { topics: [t3, t4] })).rejects.toThrow(
      'Too many topics for this client: limit is 3',
    )
    await onB.request('irn_subscribe', { topic: t3 })
    await expect(onB.request('irn_subscribe', { topic: t4 })).rejects.toThrow('limit is 3')
    // An unsubscribe on A gives its slot to B.
    await onA.request('irn_unsubscribe', { topic: t1, id: subscriptionId(t1, identity.did) })
    await onB.request('irn_subscribe', { topic: t4 })
    await expect(onB.request('irn_subscribe', { topic: t1 })).rejects.toThrow('limit is 3')
    // A's connection closing frees its remaining topic.
    await onA.close()
    await expect
      .poll(
        () =>
          onB.request('irn_subscribe', { topic: t1 }).then(
            () => 'subscribed',
            (e: Error) => e.message,
          ),
        { timeout: 10_000, interval: 100 },
      )
      .toBe('subscribed')
  }, 60_000)
})
