import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { FakeSocket } from '../testing/fakeSocket.ts'
import { createManualClock } from '../testing/manualClock.ts'
import { createRelayClient, type RelayClient } from './createRelayClient.ts'
import { relayIdentityFromSeed } from './relayIdentity.ts'
import type { RelayStatus } from './types.ts'

const identity = await relayIdentityFromSeed(new Uint8Array(32).fill(1))
const topic = 'cd'.repeat(32)

const clients: RelayClient[] = []

/** A client on a manual clock, once its first socket exists (the JWT is signed asynchronously). */
async function setup(random = () => 0) {
  const clock = createManualClock()
  const statuses: RelayStatus[] = []
  const client = createRelayClient({
    url: 'ws://relay.test:1',
    identity,
    WebSocket: FakeSocket,
    clock,
    random,
    backoff: { initialMs: 100, maxMs: 1000 },
    idleMs: 20_000,
    livenessTimeoutMs: 10_000,
  })
  clients.push(client)
  client.events.on('status', (s) => statuses.push(s))
  await FakeSocket.made(1)
  return { clock, client, statuses }
}

function authOf(socket: FakeSocket): string | null {
  return new URL(socket.url).searchParams.get('auth')
}

describe('relay client timing (injected clock and socket)', () => {
  beforeEach(() => FakeSocket.reset())
  // Closed, a client makes no socket any more: none can turn up in the next test.
  afterEach(() => Promise.all(clients.splice(0).map((client) => client.close())))

  test('reconnects with exponential backoff and jitter, a fresh JWT each time', async () => {
    const { clock, statuses } = await setup(() => 0.5)
    FakeSocket.last().serverClose(1006) // the first attempt fails
    expect(statuses).toEqual(['offline'])
    expect(clock.pending()).toEqual([75]) // attempt 0: cap 100, 50 + 50 × 0.5
    clock.advance(75)
    ;(await FakeSocket.made(2)).serverClose(1006)
    expect(clock.pending()).toEqual([150])
    clock.advance(150)
    ;(await FakeSocket.made(3)).serverClose(1006)
    expect(clock.pending()).toEqual([300])
    clock.advance(300)
    await FakeSocket.made(4)
    expect(FakeSocket.instances).toHaveLength(4)
    const tokens = FakeSocket.instances.map(authOf)
    expect(new Set(tokens).size).toBe(4)
    const [header, payload] = (tokens[3] as string).split('.') as [string, string]
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({
      alg: 'EdDSA',
      typ: 'JWT',
    })
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toMatchObject({
      aud: 'ws://relay.test:1',
      iat: Math.floor(clock.now() / 1000),
    })
  })

  test('online after the batch resubscribe; the backoff starts over after a good connection', async () => {
    const { clock, client, statuses } = await setup()
    void client.subscribe(topic)
    FakeSocket.last().serverClose(1006)
    clock.advance(50)
    const socket = await FakeSocket.made(2)
    socket.open()
    expect(socket.requests('irn_batchSubscribe').map((r) => r.params)).toEqual([
      { topics: [topic] },
    ])
    expect(client.status).toBe('offline')
    socket.answer('irn_batchSubscribe', ['subid'])
    await client.waitOnline(1000)
    socket.serverClose(1001)
    expect(statuses).toEqual(['offline', 'online', 'connecting'])
    expect(clock.pending()).toEqual([50])
  })

  test('liveness: an idle socket is probed; no answer drops it and reconnects', async () => {
    const { clock, client, statuses } = await setup()
    const socket = FakeSocket.last()
    socket.open()
    expect(client.status).toBe('online')
    clock.advance(19_999)
    expect(socket.requests('irn_batchFetchMessages')).toHaveLength(0)
    clock.advance(1)
    expect(socket.requests('irn_batchFetchMessages').map((r) => r.params)).toEqual([{ topics: [] }])
    socket.answer('irn_batchFetchMessages', { messages: [], hasMore: false })
    clock.advance(20_000) // a second probe, unanswered this time
    expect(socket.requests('irn_batchFetchMessages')).toHaveLength(2)
    clock.advance(9_999)
    expect(client.status).toBe('online')
    clock.advance(1)
    expect(socket.closeCalls).toEqual([4000])
    expect(statuses).toEqual(['online', 'connecting'])
    clock.advance(50)
    await FakeSocket.made(2)
    expect(FakeSocket.instances).toHaveLength(2)
  })

  test('pushes are acked, deduplicated and only emitted for subscribed topics', async () => {
    const { client } = await setup()
    const subscribed = client.subscribe(topic)
    const socket = FakeSocket.last()
    socket.open()
    socket.answer('irn_batchSubscribe', ['subid'])
    await subscribed
    const seen: string[] = []
    client.events.on('message', (m) => seen.push(m.message))
    const push = (id: number, t: string, message: string) =>
      socket.receive({
        id,
        jsonrpc: '2.0',
        method: 'irn_subscription',
        params: { id: 'subid', data: { topic: t, message, publishedAt: 1, attestation: '' } },
      })
    push(11, topic, 'YQ==')
    push(12, topic, 'YQ==')
    push(13, 'ef'.repeat(32), 'Yg==')
    push(14, topic, 'Yw==')
    expect(seen).toEqual(['YQ==', 'Yw=='])
    const acks = socket.sent.filter((f) => f.method === undefined)
    expect(acks).toEqual([11, 12, 13, 14].map((id) => ({ id, jsonrpc: '2.0', result: true })))
  })

  test('a publish waiting longer than its TTL in the outbox is rejected as expired', async () => {
    const { clock, client } = await setup()
    FakeSocket.last().serverClose(1006)
    const publish = client.publish(topic, 'eA==', { ttl: 2 })
    clock.advance(1999)
    let settled = false
    void publish.catch(() => {
      settled = true
    })
    await Promise.resolve()
    expect(settled).toBe(false)
    clock.advance(1)
    await expect(publish).rejects.toMatchObject({
      name: 'RelayError',
      code: 'Expired',
      shortMessage: 'The relay was unreachable for the whole TTL of the message.',
    })
  })

  test('a rate-limited publish stays queued and is retried', async () => {
    const { clock, client } = await setup()
    const socket = FakeSocket.last()
    socket.open()
    const publish = client.publish(topic, 'eA==', { ttl: 60 })
    const first = socket.requests('irn_publish')[0]
    socket.receive({
      id: first?.id,
      jsonrpc: '2.0',
      error: { code: -32001, message: 'Rate limited' },
    })
    await Promise.resolve()
    expect(socket.requests('irn_publish')).toHaveLength(1)
    clock.advance(1000)
    expect(socket.requests('irn_publish')).toHaveLength(2)
    socket.answer('irn_publish', true)
    await expect(publish).resolves.toBeUndefined()
  })
})
