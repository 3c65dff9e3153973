/**
 * Storage limits end to end: a publish over a byte cap and a subscribe over a subscription cap
 * get their exact JSON-RPC errors; the subscriptions gauge counts stored subscriptions after
 * their connections are gone; usage and caps are on /metrics.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { RelayTestClient } from '../../test/client.ts'
import { testRelay, topicOf } from '../../test/harness.ts'

let relay: Awaited<ReturnType<typeof testRelay>> | undefined
let clients: RelayTestClient[] = []
afterEach(async () => {
  for (const c of clients) await c.close()
  clients = []
  await relay?.stop()
  relay = undefined
})

const client = async (url: string): Promise<RelayTestClient> => {
  const c = new RelayTestClient({ url })
  clients.push(c)
  await c.connect()
  return c
}
const metricsOf = async (r: { url: string }): Promise<string> =>
  (await fetch(`${r.url.replace('ws:', 'http:')}/metrics`)).text()
const failure = (p: Promise<unknown>): Promise<{ code: number; message: string }> =>
  p.then(
    () => {
      throw new Error('expected a JSON-RPC error')
    },
    (e: { code: number; message: string }) => ({ code: e.code, message: e.message }),
  )

describe('storage limits', () => {
  it('refuses a publish over the topic, client or total byte cap with -32005', async () => {
    relay = await testRelay({ maxTopicBytes: 2000, maxClientBytes: 3000, maxStoredBytes: 4000 })
    const [a, b] = [await client(relay.url), await client(relay.url)]
    const t = topicOf()
    expect(await a.publish(t, 'x'.repeat(1000))).toBe(true)
    expect(await a.publish(t, 'y'.repeat(1000))).toBe(true)
    expect(await failure(a.publish(t, 'z'.repeat(10)))).toEqual({
      code: -32005,
      message: 'Relay storage quota exceeded: topic holds 2000 bytes at most',
    })
    expect(await a.publish(topicOf(), 'w'.repeat(1000))).toBe(true)
    expect(await failure(a.publish(topicOf(), 'v'.repeat(10)))).toEqual({
      code: -32005,
      message: 'Relay storage quota exceeded: client stores 3000 bytes at most',
    })
    expect(await b.publish(topicOf(), 'u'.repeat(1000))).toBe(true)
    expect(await failure(b.publish(topicOf(), 'q'.repeat(10)))).toEqual({
      code: -32005,
      message: 'Relay storage quota exceeded: relay stores 4000 bytes at most',
    })
    const metrics = await metricsOf(relay)
    expect(metrics).toContain('relay_mailbox_bytes 4000')
    expect(metrics).toContain('relay_limit{limit="max_stored_bytes"} 4000')
    expect(metrics).toContain('relay_rejections_total{reason="quota_topic"} 1')
    expect(metrics).toContain('relay_rejections_total{reason="quota_client"} 1')
    expect(metrics).toContain('relay_rejections_total{reason="quota_total"} 1')
  })

  it('bounds subscriptions per connection and in total, and counts them after disconnect', async () => {
    relay = await testRelay({ maxSubscriptionsPerConnection: 3, maxSubscriptions: 5 })
    const a = await client(relay.url)
    expect(
      await failure(a.request('irn_batchSubscribe', { topics: [1, 2, 3, 4].map(topicOf) })),
    ).toEqual({
      code: -32003,
      message: 'Too many topics for this client: limit is 3 per connection',
    })
    await a.request('irn_batchSubscribe', { topics: [topicOf(), topicOf(), topicOf()] })
    await a.close()
    // The connection is gone; its durable subscriptions are still held and counted.
    expect(await metricsOf(relay)).toMatch(/\nrelay_subscriptions 3\n/)
    const b = await client(relay.url)
    const kept = topicOf()
    await b.request('irn_batchSubscribe', { topics: [kept, topicOf()] })
    expect(await failure(b.request('irn_subscribe', { topic: topicOf() }))).toEqual({
      code: -32005,
      message: 'Relay storage quota exceeded: relay holds 5 subscriptions at most',
    })
    // A refused batch stores none of its topics.
    const c = await client(relay.url)
    expect((await failure(c.request('irn_batchSubscribe', { topics: [topicOf()] }))).code).toBe(
      -32005,
    )
    const metrics = await metricsOf(relay)
    expect(metrics).toMatch(/\nrelay_subscriptions 5\n/)
    expect(metrics).toMatch(/\nrelay_live_subscriptions 2\n/)
    expect(metrics).toContain('relay_rejections_total{reason="subscriptions_full"} 2')
    // Still a working subscription: b receives on the topic it kept.
    await c.publish(kept, 'still routed')
    await b.waitForMessages(1)
    expect(b.received[0]?.message).toBe('still routed')
  })
})
