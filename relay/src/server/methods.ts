/**
 * The relay's JSON-RPC methods (docs/RELAY.md#methods). Every params object goes through
 * @tessera/protocol's `RELAY_RULES` before use. Handlers return a result or an error body; subscription
 * backlogs are pushed after the response is written, so the client knows the subscription id
 * before the first `irn_subscription` arrives. Never logs message contents.
 */
import {
  RELAY_RULES,
  type RelayErrorBody,
  type RelayPublishParams,
  relayErrorBody,
} from '@tessera/protocol'
import { messageId } from '../mailbox/messageId.ts'
import type { MailboxMessage, QuotaScope, SubscribeResult } from '../mailbox/types.ts'
import { type Connection, subscriptionId } from './connection.ts'
import type { RelayContext } from './context.ts'

export type Outcome = { result: unknown; after?: () => Promise<void> } | { error: RelayErrorBody }

const { methods, tags, limits } = RELAY_RULES

const QUOTA_DETAIL: Record<QuotaScope, (ctx: RelayContext) => string> = {
  topic: (ctx) => `topic holds ${ctx.config.maxTopicBytes} bytes at most`,
  client: (ctx) => `client stores ${ctx.config.maxClientBytes} bytes at most`,
  total: (ctx) => `relay stores ${ctx.config.maxStoredBytes} bytes at most`,
}

const invalid = (detail: string): Outcome => ({ error: relayErrorBody('invalidParams', detail) })

export async function handleMethod(
  ctx: RelayContext,
  conn: Connection,
  method: string,
  params: unknown,
  receivedAt: number,
): Promise<Outcome> {
  switch (method) {
    case 'irn_subscribe': {
      const p = methods.irn_subscribe.params(params)
      if (!p.ok) return invalid(p.detail)
      return subscribeAll(ctx, conn, [p.value.topic], false)
    }
    case 'irn_batchSubscribe': {
      const p = methods.irn_batchSubscribe.params(params)
      if (!p.ok) return invalid(p.detail)
      return subscribeAll(ctx, conn, p.value.topics, true)
    }
    case 'irn_unsubscribe': {
      const p = methods.irn_unsubscribe.params(params)
      if (!p.ok) return invalid(p.detail)
      await unsubscribe(ctx, conn, p.value.topic)
      return { result: true }
    }
    case 'irn_batchUnsubscribe': {
      const p = methods.irn_batchUnsubscribe.params(params)
      if (!p.ok) return invalid(p.detail)
      for (const s of p.value) await unsubscribe(ctx, conn, s.topic)
      return { result: true }
    }
    case 'irn_publish': {
      const p = methods.irn_publish.params(params)
      if (!p.ok) return invalid(p.detail)
      return publishAll(ctx, conn, [p.value], receivedAt)
    }
    case 'irn_batchPublish': {
      const p = methods.irn_batchPublish.params(params)
      if (!p.ok) return invalid(p.detail)
      return publishAll(ctx, conn, p.value, receivedAt)
    }
    case 'irn_batchFetchMessages': {
      const p = methods.irn_batchFetchMessages.params(params)
      if (!p.ok) return invalid(p.detail)
      return fetchMessages(ctx, conn, p.value.topics)
    }
    case 'wc_proposeSession': {
      const p = methods.wc_proposeSession.params(params)
      if (!p.ok) return invalid(p.detail)
      const { pairingTopic, sessionProposal, ttl } = p.value
      // docs/RELAY.md#2-implicit-subscriptions: the proposer never sends irn_subscribe for the
      // pairing topic.
      const sub = await subscribeAll(ctx, conn, [pairingTopic], false)
      if ('error' in sub) return sub
      const pub = await publishAll(
        ctx,
        conn,
        [
          {
            topic: pairingTopic,
            message: sessionProposal,
            ttl: ttl ?? methods.wc_proposeSession.defaultTtl,
            tag: tags.sessionProposal,
          },
        ],
        receivedAt,
      )
      return 'error' in pub ? pub : withAfter(pub, sub)
    }
    case 'wc_approveSession': {
      const p = methods.wc_approveSession.params(params)
      if (!p.ok) return invalid(p.detail)
      const v = p.value
      const ttl = v.ttl ?? methods.wc_approveSession.defaultTtl
      const sub = await subscribeAll(ctx, conn, [v.sessionTopic], false)
      if ('error' in sub) return sub
      const pub = await publishAll(
        ctx,
        conn,
        [
          {
            topic: v.pairingTopic,
            message: v.sessionProposalResponse,
            ttl,
            tag: tags.sessionProposalResponse,
          },
          {
            topic: v.sessionTopic,
            message: v.sessionSettlementRequest,
            ttl,
            tag: tags.sessionSettlementRequest,
          },
        ],
        receivedAt,
      )
      return 'error' in pub ? pub : withAfter(pub, sub)
    }
    default:
      return { error: relayErrorBody('methodNotFound') }
  }
}

function withAfter(outcome: Outcome, sub: Outcome): Outcome {
  if ('error' in outcome) return outcome
  const after = 'after' in sub ? sub.after : undefined
  return after === undefined ? outcome : { result: outcome.result, after }
}

async function subscribeAll(
  ctx: RelayContext,
  conn: Connection,
  topics: string[],
  batch: boolean,
): Promise<Outcome> {
  const fresh = topics.filter((t) => !conn.subscriptions.has(t))
  const freshCount = new Set(fresh).size
  if (conn.subscriptions.size + freshCount > ctx.config.maxSubscriptionsPerConnection) {
    ctx.metrics.reject('too_many_topics_connection')
    return {
      error: relayErrorBody(
        'tooManyTopics',
        `limit is ${ctx.config.maxSubscriptionsPerConnection} per connection`,
      ),
    }
  }
  // docs/RELAY.md#limits: limits are per client (the JWT's iss), across its connections on this
  // node, and in Redis mode across the cluster (one leased slot per connection and topic).
  const tooMany = (): Outcome => {
    ctx.metrics.reject('too_many_topics')
    return { error: relayErrorBody('tooManyTopics', `limit is ${ctx.config.maxTopicsPerClient}`) }
  }
  if (ctx.hub.topicsOf(conn.clientId) + freshCount > ctx.config.maxTopicsPerClient) return tooMany()
  const claimed = new Map<string, () => void>()
  if (ctx.topicSlots !== undefined && freshCount > 0) {
    const slots = ctx.topicSlots
    const unique = [...new Set(fresh)]
    const releases = await Promise.allSettled(unique.map(() => slots.claim(conn.clientId)))
    for (const [i, r] of releases.entries()) {
      if (r.status === 'fulfilled' && r.value !== undefined)
        claimed.set(unique[i] as string, r.value)
    }
    const failed = releases.find((r) => r.status === 'rejected')
    if (claimed.size < unique.length || conn.closed) {
      for (const release of claimed.values()) release()
      if (failed !== undefined) throw failed.reason
      return tooMany()
    }
  }
  const now = ctx.now()
  const ids: string[] = []
  for (const topic of topics) {
    const id = subscriptionId(topic, conn.clientId)
    ids.push(id)
    conn.subscriptions.set(topic, id)
    // Live messages wait in `queued` until the backlog is out, keeping publish order.
    if (!conn.syncing.has(topic)) conn.syncing.set(topic, { queued: [] })
    ctx.hub.add(topic, conn)
    const release = claimed.get(topic)
    claimed.delete(topic)
    // A concurrent subscribe of the same topic on this connection already holds its slot.
    if (release !== undefined) {
      if (conn.topicSlots.has(topic)) release()
      else conn.topicSlots.set(topic, release)
    }
  }
  // Undo what this call added, or live messages would queue forever behind a backlog that
  // will never be pushed.
  const undo = (): void => {
    for (const topic of new Set(fresh)) {
      conn.subscriptions.delete(topic)
      conn.syncing.delete(topic)
      ctx.hub.remove(topic, conn)
    }
    for (const topic of topics) conn.syncing.delete(topic)
  }
  let stored: SubscribeResult[]
  try {
    stored = await Promise.all(
      topics.map((t) =>
        ctx.store.subscribe(t, conn.clientId, now + ctx.config.subscriptionTtlSec * 1000),
      ),
    )
  } catch (error) {
    undo()
    throw error
  }
  if (stored.includes('full')) {
    undo()
    // The topics of this call that did get stored are dropped again: all or nothing.
    const freshSet = new Set(fresh)
    for (const [i, topic] of topics.entries()) {
      if (freshSet.delete(topic) && stored[i] === 'subscribed') {
        await ctx.store.unsubscribe(topic, conn.clientId)
      }
    }
    ctx.metrics.reject('subscriptions_full')
    return {
      error: relayErrorBody(
        'quotaExceeded',
        `relay holds ${ctx.config.maxSubscriptions} subscriptions at most`,
      ),
    }
  }
  const after = async (): Promise<void> => {
    for (const topic of topics) await pushBacklog(ctx, conn, topic)
  }
  return { result: batch ? ids : ids[0], after }
}

/** Backlog messages read from storage at a time. */
const BACKLOG_PAGE = 100

async function pushBacklog(ctx: RelayContext, conn: Connection, topic: string): Promise<void> {
  const sync = conn.syncing.get(topic)
  if (sync === undefined) return
  const push = async (m: MailboxMessage): Promise<boolean> => {
    // Deep topics go out at the pace the client reads, never past the send-buffer limit.
    if (conn.congested && !(await conn.whenWritable())) return false
    if (conn.push(m)) ctx.metrics.messagesOut++
    return true
  }
  try {
    let lastSeq = 0
    for (;;) {
      const page = await ctx.store.pending(topic, conn.clientId, ctx.now(), BACKLOG_PAGE, lastSeq)
      for (const m of page) if (!(await push(m))) return
      lastSeq = page.at(-1)?.seq ?? lastSeq
      if (page.length < BACKLOG_PAGE) break
    }
    // Live messages that arrived meanwhile: those up to lastSeq were covered by the backlog
    // (or were acked or sent by this client); the rest go out after it, in order.
    while (sync.queued.length > 0) {
      const m = sync.queued.shift() as MailboxMessage
      if (m.seq > lastSeq && !(await push(m))) return
    }
  } finally {
    if (conn.syncing.get(topic) === sync) conn.syncing.delete(topic)
  }
}

async function unsubscribe(ctx: RelayContext, conn: Connection, topic: string): Promise<void> {
  conn.subscriptions.delete(topic)
  conn.syncing.delete(topic)
  ctx.hub.remove(topic, conn)
  await ctx.store.unsubscribe(topic, conn.clientId)
}

async function publishAll(
  ctx: RelayContext,
  conn: Connection,
  messages: RelayPublishParams[],
  receivedAt: number,
): Promise<Outcome> {
  const now = ctx.now()
  for (const m of messages) {
    if (Buffer.byteLength(m.message) > ctx.config.maxMessageBytes) {
      ctx.metrics.reject('message_too_large')
      return {
        error: relayErrorBody('messageTooLarge', `limit is ${ctx.config.maxMessageBytes} bytes`),
      }
    }
  }
  const cost = messages.length
  if (!(await ctx.publishPerClient.take(conn.clientId, now, cost))) {
    ctx.metrics.reject('rate_client')
    return { error: relayErrorBody('rateLimited', 'per client') }
  }
  if (!(await ctx.publishPerIp.take(conn.ip, now, cost))) {
    ctx.metrics.reject('rate_ip')
    return { error: relayErrorBody('rateLimited', 'per IP') }
  }
  for (const m of messages) {
    const ttl = Math.min(m.ttl, ctx.config.maxTtlSec)
    const input = {
      id: messageId(m.topic, m.message),
      topic: m.topic,
      message: m.message,
      publishedAt: now,
      expiresAt: now + ttl * 1000,
      sender: conn.clientId,
      ...(m.tag === undefined ? {} : { tag: m.tag }),
    }
    // Live subscribers get the message as soon as it has its place; the publisher's `true`
    // waits until it is durable.
    const stored = await ctx.store.append(input, ctx.config.mailboxDepth, now, (m) =>
      ctx.hub.published(m, receivedAt),
    )
    if (stored.status === 'full') {
      ctx.metrics.reject('mailbox_full')
      return { error: relayErrorBody('mailboxFull', `limit is ${ctx.config.mailboxDepth}`) }
    }
    if (stored.status === 'over_quota') {
      ctx.metrics.reject(`quota_${stored.scope}`)
      return { error: relayErrorBody('quotaExceeded', QUOTA_DETAIL[stored.scope](ctx)) }
    }
    ctx.metrics.messagesIn++
    // A duplicate was delivered (or stored) the first time; publishing it is idempotent.
  }
  return { result: true }
}

async function fetchMessages(
  ctx: RelayContext,
  conn: Connection,
  topics: string[],
): Promise<Outcome> {
  const now = ctx.now()
  const out: Record<string, unknown>[] = []
  // One response must fit the client's send allowance; the rest waits for the next call.
  const byteBudget = ctx.config.sendBufferBytes / 2
  let bytes = 0
  let hasMore = false
  for (const topic of topics) {
    const room = limits.maxBatch - out.length
    if (room <= 0) {
      hasMore = true
      break
    }
    const found = await ctx.store.pending(topic, conn.clientId, now, room + 1)
    if (found.length > room) hasMore = true
    for (const m of found.slice(0, room)) {
      bytes += m.message.length + 200
      if (bytes > byteBudget && out.length > 0) {
        hasMore = true
        break
      }
      const item: Record<string, unknown> = {
        topic: m.topic,
        message: m.message,
        publishedAt: m.publishedAt,
        attestation: '',
      }
      if (m.tag !== undefined) item.tag = m.tag
      out.push(item)
      // A fetch is a delivery: the response itself is the client's copy.
      await ctx.store.ack(topic, m.id, conn.clientId)
    }
    if (bytes > byteBudget) break
  }
  return { result: { messages: out, hasMore } }
}
