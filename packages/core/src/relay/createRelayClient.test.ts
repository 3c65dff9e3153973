import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { createLossySocket } from '../testing/lossySocket.ts'
import { collect, nextEvent, until } from '../testing/nextEvent.ts'
import { NodeWebSocket, type RelayHarness, startRelayHarness } from '../testing/relayHarness.ts'
import { createTestIdentity } from '../testing/testIdentity.ts'
import { createRelayClient, type RelayClient } from './createRelayClient.ts'
import { RelayError } from './RelayError.ts'
import type { WebSocketConstructor } from './types.ts'

const topic = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex')
const fast = { backoff: { initialMs: 20, maxMs: 200 } }

describe('relay client against a real relay', () => {
  let relay: RelayHarness
  const clients: RelayClient[] = []
  const client = (
    WebSocket: WebSocketConstructor = NodeWebSocket,
    identity = createTestIdentity(),
  ) => {
    const c = createRelayClient({ url: relay.url, identity, WebSocket, ...fast })
    clients.push(c)
    return c
  }

  beforeEach(async () => {
    relay = await startRelayHarness()
  })
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()))
    await relay.dispose()
  })

  test('publish and subscribe between two clients; the sender is not echoed', async () => {
    const alice = client()
    const bob = client()
    const t = topic()
    await Promise.all([alice.subscribe(t), bob.subscribe(t)])
    expect(alice.status).toBe('online')
    const aliceSeen = collect(alice.events, 'message')
    const received = nextEvent(bob.events, 'message')
    await alice.publish(t, 'aGVsbG8=', { ttl: 60, tag: 7100 })
    const message = await received
    expect(message).toMatchObject({ topic: t, message: 'aGVsbG8=', tag: 7100 })
    expect(typeof message.publishedAt).toBe('number')
    expect(aliceSeen.items).toEqual([])
  })

  test('mailbox: a client subscribing after the publish still receives it', async () => {
    const alice = client()
    const t = topic()
    await alice.waitOnline(5000)
    await alice.publish(t, 'bGF0ZQ==', { ttl: 60 })
    const bob = client()
    const received = nextEvent(bob.events, 'message')
    await bob.subscribe(t)
    expect((await received).message).toBe('bGF0ZQ==')
  })

  test('relay restart: reconnect, resubscribe, outbox flushed, no duplicate reaches the app', async () => {
    const lossy = createLossySocket()
    const alice = client()
    const bob = client(lossy.Socket)
    const t = topic()
    await Promise.all([alice.subscribe(t), bob.subscribe(t)])
    const bobSeen = collect(bob.events, 'message')

    // 1. Bob receives m1 but his ack is lost: the relay keeps m1 for him.
    lossy.dropAcks = true
    await alice.publish(t, 'bTE=', { ttl: 60 })
    await until(
      (n) => bob.events.on('message', n),
      () => bobSeen.items.length === 1,
      'm1',
    )

    // 2. The relay goes away; Alice publishes m2 while it is down (it waits in her outbox).
    const aliceDown = nextEvent(alice.events, 'status', (s) => s !== 'online')
    await relay.stop()
    await aliceDown
    let m2Accepted = false
    const m2 = alice.publish(t, 'bTI=', { ttl: 60 }).then(() => {
      m2Accepted = true
    })
    await nextEvent(alice.events, 'status', (s) => s === 'offline')
    expect(m2Accepted).toBe(false)

    // 3. The relay returns on the same port and data: both reconnect and resubscribe.
    lossy.dropAcks = false
    await relay.start()
    await Promise.all([alice.waitOnline(5000), bob.waitOnline(5000)])
    await m2
    await until(
      (n) => bob.events.on('message', n),
      () => bobSeen.items.length === 2,
      'm2',
    )

    // m1 really came twice on the wire (redelivered from the mailbox) but once to the app.
    await until(
      (n) => bob.events.on('message', n),
      () => lossy.pushes.filter((m) => m === 'bTI=').length === 1,
      'm2 push',
    )
    expect(lossy.pushes.filter((m) => m === 'bTE=')).toHaveLength(2)
    expect(bobSeen.items.map((m) => m.message)).toEqual(['bTE=', 'bTI='])
  })

  test('close() rejects what is still in the outbox and stops reconnecting', async () => {
    const alice = client()
    await alice.waitOnline(5000)
    await relay.stop()
    await nextEvent(alice.events, 'status', (s) => s === 'offline')
    const pending = alice.publish(topic(), 'eA==', { ttl: 60 })
    await alice.close()
    await expect(pending).rejects.toThrow(RelayError)
    await expect(pending).rejects.toMatchObject({ code: 'Closed' })
    expect(alice.status).toBe('closed')
    await expect(alice.subscribe(topic())).rejects.toMatchObject({ code: 'Closed' })
  })

  test('a publish the relay refuses for good rejects with its code', async () => {
    await relay.stop()
    await relay.dispose()
    relay = await startRelayHarness({ maxMessageBytes: 16 })
    const alice = client()
    await alice.waitOnline(5000)
    const error = await alice.publish(topic(), 'x'.repeat(17), { ttl: 60 }).catch((e) => e)
    expect(error).toBeInstanceOf(RelayError)
    expect(error).toMatchObject({
      code: 'Rejected',
      rpcCode: -32002,
      shortMessage: 'The relay refused the publish: Message too large: limit is 16 bytes',
    })
  })
})
