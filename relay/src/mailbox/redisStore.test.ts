/**
 * The Redis engine: the shared mailbox contract against the real Redis, keys removed afterwards.
 */
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll } from 'vitest'
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
