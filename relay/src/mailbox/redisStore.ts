/**
 * The Redis mailbox engine for cluster mode: the same contract as the file engine, with the state
 * in Redis so every relay node sees it. TTLs are native Redis expiries; the atomic parts are Lua
 * scripts (`redisScripts.ts`). Never logs message contents; never blocks the event loop on Redis.
 */
import { Redis } from 'ioredis'
import { ACK, APPEND, DEPTH, PENDING, SUBSCRIBE } from './redisScripts.ts'
import type { AppendResult, MailboxMessage, MailboxStore, NewMessage } from './types.ts'

export interface RedisStoreOptions {
  url: string
  /** Key prefix, so several relays or test runs share one Redis without colliding. */
  prefix: string
  /** Cap on live subscriptions across the prefix (all nodes); none when absent. */
  maxSubscriptions?: number
  /** Clock in ms (default `Date.now`): subscription expiry and acks read it. */
  now?: () => number
}

interface ScriptedRedis extends Redis {
  mbAppend(...args: (string | number)[]): Promise<[number, number]>
  mbPending(...args: (string | number)[]): Promise<string[]>
  mbAck(...args: (string | number)[]): Promise<number>
  mbDepth(...args: (string | number)[]): Promise<number>
  mbSubscribe(...args: (string | number)[]): Promise<number>
}

export async function openRedisStore(options: RedisStoreOptions): Promise<MailboxStore> {
  const redis = new Redis(options.url, {
    lazyConnect: true,
    // Fail a call quickly when Redis is down instead of queueing it without bound.
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    // Commands issued in one tick share one write: fewer syscalls on both sides under load.
    enableAutoPipelining: true,
  }) as ScriptedRedis
  redis.defineCommand('mbAppend', { numberOfKeys: 3, lua: APPEND })
  redis.defineCommand('mbPending', { numberOfKeys: 1, lua: PENDING })
  redis.defineCommand('mbAck', { numberOfKeys: 5, lua: ACK })
  redis.defineCommand('mbDepth', { numberOfKeys: 1, lua: DEPTH })
  redis.defineCommand('mbSubscribe', { numberOfKeys: 2, lua: SUBSCRIBE })
  // ioredis reconnects on its own; errors surface on the calls that fail.
  redis.on('error', () => {})
  await redis.connect()

  const key = (topic: string, part: string): string => `${options.prefix}:{${topic}}:${part}`
  const msgPrefix = (topic: string): string => key(topic, 'm:')
  const allSubs = `${options.prefix}:subs`
  const maxSubscriptions = options.maxSubscriptions ?? Number.MAX_SAFE_INTEGER
  const now = options.now ?? Date.now

  return {
    engine: 'redis',
    async subscribe(topic, clientId, expiresAt) {
      const ok = await redis.mbSubscribe(
        key(topic, 's'),
        allSubs,
        clientId,
        expiresAt,
        now(),
        maxSubscriptions,
        `${topic} ${clientId}`,
      )
      return ok === 1 ? 'subscribed' : 'full'
    },
    async unsubscribe(topic, clientId) {
      await redis
        .multi()
        .zrem(key(topic, 's'), clientId)
        .zrem(allSubs, `${topic} ${clientId}`)
        .exec()
    },
    async append(input, maxDepth, now, onAccepted): Promise<AppendResult> {
      const ttlMs = Math.max(1, input.expiresAt - now)
      const [seq, depth] = await redis.mbAppend(
        key(input.topic, 's'),
        key(input.topic, 'q'),
        key(input.topic, 'n'),
        input.id,
        JSON.stringify(input),
        ttlMs,
        now,
        maxDepth,
        input.sender,
        msgPrefix(input.topic),
        input.expiresAt,
      )
      if (seq === 0) return { status: 'duplicate' }
      if (seq === -1) return { status: 'full' }
      const message = { ...input, seq }
      // Redis applies the script before answering: accepted and durable are the same moment.
      onAccepted?.(message)
      return { status: 'stored', message, depth }
    },
    async pending(topic, clientId, now, limit, afterSeq = 0) {
      const flat = await redis.mbPending(
        key(topic, 'q'),
        msgPrefix(topic),
        clientId,
        limit,
        now,
        afterSeq,
      )
      const out: MailboxMessage[] = []
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const stored = JSON.parse(flat[i + 1] as string) as NewMessage
        out.push({ ...stored, seq: Number(flat[i]) })
      }
      return out
    },
    async ack(topic, id, clientId) {
      const data = msgPrefix(topic) + id
      await redis.mbAck(
        key(topic, 'q'),
        data,
        `${data}:a`,
        `${data}:r`,
        key(topic, 's'),
        clientId,
        id,
        now(),
      )
    },
    async depth(topic, now) {
      return Number(await redis.mbDepth(key(topic, 'q'), msgPrefix(topic), now))
    },
    async sweep() {
      // Redis expires message keys itself; stale queue entries are pruned by the scripts.
      return 0
    },
    async ping() {
      await redis.ping()
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect())
    },
  }
}
