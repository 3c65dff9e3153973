/**
 * The relay methods end to end over WebSockets: delivery, no echo, mailbox order, redelivery,
 * implicit subscriptions of wc_*, batches, fetch, shutdown with 1001, health and metrics.
 */

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expositionProblems } from '@tessera/server-kit'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RelayTestClient } from '../../test/client.ts'
import { testRelay, topicOf } from '../../test/harness.ts'
import { subscriptionId } from './connection.ts'

type Relay = Awaited<ReturnType<typeof testRelay>>
let relay: Relay
let clients: RelayTestClient[] = []

const client = async (noAck = false): Promise<RelayTestClient> => {
  const c = new RelayTestClient({ url: relay.url, noAck })
  clients.push(c)
  await c.connect()
  return c
}

beforeEach(async () => {
  relay = await testRelay()
})
afterEach(async () => {
  for (const c of clients) await c.close()
  clients = []
  await relay.stop()
})

describe('relay methods', () => {
  it('delivers a live publish to a subscriber, never back to the sender', async () => {
    const [alice, bob] = [await client(), await client()]
    const t = topicOf()
    expect(await alice.request('irn_subscribe', { topic: t })).toBe(
      subscriptionId(t, alice.identity.did),
    )
    await bob.request('irn_subscribe', { topic: t })
    expect(await alice.publish(t, 'hello', 300, 1108)).toBe(true)
    await bob.waitForMessages(1)
    expect(bob.received[0]).toMatchObject({
      topic: t,
      message: 'hello',
      tag: 1108,
      attestation: '',
    })
    expect(bob.received[0]?.subscriptionId).toBe(subscriptionId(t, bob.identity.did))
    // Alice's own publish never came back; a later message from Bob does reach her.
    await bob.publish(t, 'reply')
    await alice.waitForMessages(1)
    expect(alice.received.map((m) => m.message)).toEqual(['reply'])
  })

  it('keeps messages published before the subscribe and pushes them in order', async () => {
    const [alice, bob] = [await client(), await client()]
    const t = topicOf()
    for (const m of ['m1', 'm2', 'm3']) await alice.publish(t, m)
    await bob.request('irn_batchSubscribe', { topics: [t] })
    await bob.waitForMessages(3)
    expect(bob.received.map((m) => m.message)).toEqual(['m1', 'm2', 'm3'])
  })

  it('redelivers unacked messages on the next connection, and not acked ones', async () => {
    const alice = await client()
    const bob = await client(true)
    const t = topicOf()
    await bob.request('irn_subscribe', { topic: t })
    await alice.publish(t, 'unacked')
    await bob.waitForMessages(1)
    await bob.close()
    const again = new RelayTestClient({ url: relay.url, identity: bob.identity })
    clients.push(again)
    await again.connect()
    await again.request('irn_subscribe', { topic: t })
    await again.waitForMessages(1)
    expect(again.received[0]?.message).toBe('unacked')
    // This time it was acked: a third connection gets nothing, checked after a later marker.
    await again.close()
    const third = new RelayTestClient({ url: relay.url, identity: bob.identity })
    clients.push(third)
    await third.connect()
    await alice.publish(t, 'marker')
    await third.request('irn_subscribe', { topic: t })
    await third.waitForMessages(1)
    expect(third.received.map((m) => m.message)).toEqual(['marker'])
  })

  it('wc_proposeSession and wc_approveSession subscribe implicitly and publish with tags', async () => {
    const [dapp, wallet] = [await client(), await client()]
    const pairing = topicOf()
    const session = topicOf()
    expect(
      await dapp.request('wc_proposeSession', {
        pairingTopic: pairing,
        sessionProposal: 'proposal',
        ttl: 300,
        correlationId: 1,
      }),
    ).toBe(true)
    await wallet.request('irn_subscribe', { topic: pairing })
    await wallet.waitForMessages(1)
    expect(wallet.received[0]).toMatchObject({ topic: pairing, message: 'proposal', tag: 1100 })
    expect(
      await wallet.request('wc_approveSession', {
        sessionTopic: session,
        pairingTopic: pairing,
        sessionProposalResponse: 'response',
        sessionSettlementRequest: 'settle',
      }),
    ).toBe(true)
    await dapp.waitForMessages(1)
    expect(dapp.received[0]).toMatchObject({ topic: pairing, message: 'response', tag: 1101 })
    await dapp.request('irn_subscribe', { topic: session })
    await dapp.waitForMessages(2)
    expect(dapp.received[1]).toMatchObject({ topic: session, message: 'settle', tag: 1102 })
    // The wallet was subscribed to the session topic by wc_approveSession.
    await dapp.publish(session, 'request')
    await wallet.waitFor(() => wallet.received.some((m) => m.message === 'request'), 'request')
  })

  it('unsubscribes, batch-publishes, batch-unsubscribes and fetches', async () => {
    const [alice, bob] = [await client(), await client()]
    const [t1, t2] = [topicOf(), topicOf()]
    await bob.request('irn_batchSubscribe', { topics: [t1, t2] })
    expect(
      await bob.request('irn_unsubscribe', { topic: t1, id: subscriptionId(t1, bob.identity.did) }),
    ).toBe(true)
    expect(
      await alice.request('irn_batchPublish', {
        messages: [
          { topic: t1, message: 'a', ttl: 60 },
          { topic: t2, message: 'b', ttl: 60 },
        ],
      }),
    ).toBe(true)
    await bob.waitForMessages(1)
    expect(bob.received.map((m) => m.message)).toEqual(['b'])
    expect(
      await bob.request('irn_batchUnsubscribe', {
        subscriptions: [{ topic: t2, id: subscriptionId(t2, bob.identity.did) }],
      }),
    ).toBe(true)
    const fetched = (await bob.request('irn_batchFetchMessages', { topics: [t1] })) as {
      messages: { message: string; attestation: string }[]
      hasMore: boolean
    }
    expect(fetched).toMatchObject({ messages: [{ message: 'a', attestation: '' }], hasMore: false })
    // Fetched counts as delivered.
    expect(await bob.request('irn_batchFetchMessages', { topics: [t1] })).toEqual({
      messages: [],
      hasMore: false,
    })
  })

  it('caps a message TTL at the configured maximum', async () => {
    await relay.stop()
    relay = await testRelay({ maxTtlSec: 60 })
    const alice = await client()
    const t = topicOf()
    await alice.publish(t, 'long-lived', 86_400)
    // The publish is answered only once durable, so the log already holds the record.
    const line = readFileSync(join(relay.dataDir, 'mailbox.log'), 'utf8').trim().split('\n').at(-1)
    const record = JSON.parse(line as string) as { m: { publishedAt: number; expiresAt: number } }
    expect(record.m.expiresAt - record.m.publishedAt).toBe(60_000)
  })

  it('closes clients with 1001 on shutdown and serves /health and /metrics', async () => {
    const alice = await client()
    const http = relay.url.replace('ws:', 'http:')
    const health = await fetch(`${http}/health`)
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({
      status: 'ok',
      service: 'relay',
      storage: { engine: 'file', reachable: true },
    })
    const metrics = await (await fetch(`${http}/metrics`)).text()
    expect(metrics).toContain('relay_connections 1')
    expect(metrics).toContain('relay_mailbox_messages 0')
    expect(metrics).toContain('relay_delivery_latency_seconds_bucket{le="+Inf"}')
    expect(expositionProblems(metrics), 'what promtool check metrics would flag').toEqual([])
    await relay.close()
    await alice.waitFor(() => alice.closes.length > 0, 'close')
    expect(alice.closes).toEqual([1001])
  })
})
