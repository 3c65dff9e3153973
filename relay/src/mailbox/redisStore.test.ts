/**
 * The Redis engine: the shared mailbox contract against the real Redis, keys removed afterwards.
 */
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { mailboxContract } from '../../test/mailboxContract.ts'
import { openRedisStore } from './redisStore.ts'

const REDIS_URL = process.env.RELAY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
const runPrefix = `relay-test-${randomBytes(6).toString('hex')}`

afterAll(async () => {
  // Remove every key this run created.
  const redis = new Redis(REDIS_URL)
  let cursor = '0'
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${runPrefix}*`, 'COUNT', 500)
    if (keys.length > 0) await redis.del(...keys)
    cursor = next
  } while (cursor !== '0')
  await redis.quit()
})

let n = 0
mailboxContract('redis', () => {
  const prefix = `${runPrefix}:${n++}`
  return {
    open: () => openRedisStore({ url: REDIS_URL, prefix }),
    reopen: () => openRedisStore({ url: REDIS_URL, prefix }),
  }
})

describe('redis engine subscription cap', () => {
  it('caps stored subscriptions across the prefix; renewals fit, unsubscribes and expiry make room', async () => {
    const s = await openRedisStore({
      url: REDIS_URL,
      prefix: `${runPrefix}:cap`,
      maxSubscriptions: 2,
    })
    try {
      const now = Date.now()
      const t = (n: number): string => n.toString(16).padStart(64, '0')
      expect(await s.subscribe(t(1), 'did:key:zA', now + 60_000)).toBe('subscribed')
      const shortUntil = Date.now() + 50
      expect(await s.subscribe(t(2), 'did:key:zA', shortUntil)).toBe('subscribed')
      expect(await s.subscribe(t(3), 'did:key:zB', now + 60_000)).toBe('full')
      expect(await s.subscribe(t(1), 'did:key:zA', now + 90_000)).toBe('subscribed')
      await s.unsubscribe(t(1), 'did:key:zA')
      expect(await s.subscribe(t(3), 'did:key:zB', now + 60_000)).toBe('subscribed')
      expect(await s.subscribe(t(4), 'did:key:zC', now + 60_000)).toBe('full')
      await new Promise((r) => setTimeout(r, shortUntil - Date.now() + 5))
      expect(await s.subscribe(t(4), 'did:key:zC', now + 60_000)).toBe('subscribed')
    } finally {
      await s.close()
    }
  })
})
