/**
 * Fan-out between relay nodes over Redis pub/sub: each node publishes every message it stored to
 * one channel and delivers what the other nodes stored to its own subscribers. Pub/sub may drop
 * a message while a node reconnects; the Redis mailbox still holds it, and clients get it on
 * their next subscribe. Never trusts a payload it cannot parse.
 */
import { isTopic } from '@tessera/protocol'
import { Redis } from 'ioredis'
import type { MailboxMessage } from '../mailbox/types.ts'
import type { ClusterBus } from '../server/hub.ts'

export interface RedisBusOptions {
  url: string
  prefix: string
  nodeId: string
  onMessage: (message: MailboxMessage) => void
  onError: (event: string, fields: Record<string, unknown>) => void
}

export async function openRedisBus(options: RedisBusOptions): Promise<ClusterBus> {
  const channel = `${options.prefix}:fanout`
  const pub = new Redis(options.url, { lazyConnect: true, maxRetriesPerRequest: 2 })
  const sub = new Redis(options.url, { lazyConnect: true })
  pub.on('error', () => {})
  sub.on('error', () => {})
  await Promise.all([pub.connect(), sub.connect()])
  // Every node hears its own publishes too; they are recognised by their prefix, unparsed.
  const ownPrefix = `{"node":${JSON.stringify(options.nodeId)},`
  sub.on('message', (_channel: string, text: string) => {
    if (text.startsWith(ownPrefix)) return
    let payload: { node?: unknown; m?: Partial<MailboxMessage> }
    try {
      payload = JSON.parse(text) as typeof payload
    } catch {
      options.onError('bus_bad_payload', {})
      return
    }
    if (payload.node === options.nodeId) return
    const m = payload.m
    if (
      m === undefined ||
      !isTopic(m.topic) ||
      typeof m.message !== 'string' ||
      typeof m.id !== 'string' ||
      typeof m.sender !== 'string' ||
      typeof m.seq !== 'number' ||
      typeof m.publishedAt !== 'number' ||
      typeof m.expiresAt !== 'number' ||
      (m.tag !== undefined && !Number.isInteger(m.tag))
    ) {
      options.onError('bus_bad_payload', {})
      return
    }
    options.onMessage(m as MailboxMessage)
  })
  await sub.subscribe(channel)
  return {
    publish(message) {
      pub
        .publish(channel, JSON.stringify({ node: options.nodeId, m: message }))
        .catch((e: unknown) => {
          options.onError('bus_publish_failed', { error: String(e) })
        })
    },
    async close() {
      await Promise.all([
        sub.quit().catch(() => sub.disconnect()),
        pub.quit().catch(() => pub.disconnect()),
      ])
    },
  }
}
