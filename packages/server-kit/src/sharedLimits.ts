/**
 * Per-IP and per-identity limits that one process keeps in memory, or that every process of a
 * cluster shares through Redis (docs/DEPLOYMENT.md#limits-across-a-cluster): counted connection
 * slots and token buckets. The Redis forms take any client with `eval` (ioredis), so this kit
 * needs no Redis dependency; keys live under the caller's prefix.
 *
 * A slot in Redis is a lease: a member of a sorted set scored by its expiry, renewed by its
 * holder every third of the lease. A process killed with its slots held frees them when their
 * leases run out, so a crash cannot lock an address out for good. Times come from the caller's
 * clock.
 */
import { randomBytes } from 'node:crypto'

/** What the Redis forms need of a client: ioredis's `eval`. */
export interface RedisEval {
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>
}

export interface Slots {
  /** A slot of `key`: its release (idempotent), or undefined when `key` holds the maximum. */
  claim(key: string): Promise<(() => void) | undefined>
  /** Stops renewing leases (the slots held run out with them). */
  close(): void
}

/** Slots counted in this process. */
export function memorySlots(max: number): Slots {
  const held = new Map<string, number>()
  return {
    async claim(key) {
      const count = held.get(key) ?? 0
      if (count >= max) return undefined
      held.set(key, count + 1)
      let released = false
      return () => {
        if (released) return
        released = true
        const left = (held.get(key) ?? 1) - 1
        if (left <= 0) held.delete(key)
        else held.set(key, left)
      }
    },
    close() {},
  }
}

const CLAIM = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
return 1`

const RENEW = `
for i, key in ipairs(KEYS) do
  local member = ARGV[i + 1]
  if redis.call('ZSCORE', key, member) then
    redis.call('ZADD', key, ARGV[1], member)
    redis.call('PEXPIREAT', key, ARGV[1])
  end
end
return 1`

export interface RedisSlotsOptions {
  /** Key prefix, e.g. `tessera:relay:ip-slots`. */
  prefix: string
  max: number
  now: () => number
  /** How long a slot outlives its holder's last renewal (default 60 s). */
  leaseMs?: number
  /** Called when a renewal fails (Redis away); slots stay held here and are renewed next time. */
  onError?: (error: unknown) => void
}

/** Slots shared by every process using the same Redis and prefix. */
export function redisSlots(redis: RedisEval, options: RedisSlotsOptions): Slots {
  const leaseMs = options.leaseMs ?? 60_000
  const holder = randomBytes(8).toString('hex')
  let counter = 0
  /** Held slots: member → Redis key. */
  const held = new Map<string, string>()
  const renew = async (): Promise<void> => {
    if (held.size === 0) return
    const entries = [...held]
    const expiry = options.now() + leaseMs
    for (let i = 0; i < entries.length; i += 500) {
      const batch = entries.slice(i, i + 500)
      await redis.eval(
        RENEW,
        batch.length,
        ...batch.map(([, key]) => key),
        expiry,
        ...batch.map(([member]) => member),
      )
    }
  }
  const timer = setInterval(
    () => {
      renew().catch((error: unknown) => options.onError?.(error))
    },
    Math.max(1000, Math.floor(leaseMs / 3)),
  )
  timer.unref()
  return {
    async claim(key) {
      const redisKey = `${options.prefix}:${key}`
      const member = `${holder}:${++counter}`
      const now = options.now()
      const ok = await redis.eval(CLAIM, 1, redisKey, now, now + leaseMs, options.max, member)
      if (ok !== 1) return undefined
      held.set(member, redisKey)
      let released = false
      return () => {
        if (released) return
        released = true
        held.delete(member)
        redis.eval('return redis.call("ZREM", KEYS[1], ARGV[1])', 1, redisKey, member).catch(
          // Unreachable Redis: the lease runs out on its own.
          (error: unknown) => options.onError?.(error),
        )
      }
    },
    close() {
      clearInterval(timer)
    },
  }
}

/** A token bucket per key: `ratePerSec` tokens a second, bursts of `burstSec` seconds' worth. */
export interface SharedRateLimiter {
  /** Takes `cost` tokens of `key` at `now` (ms); false when the key is over its rate. */
  take(key: string, now: number, cost?: number): Promise<boolean>
}

const TAKE = `
local state = redis.call('HMGET', KEYS[1], 't', 'a')
local rate, capacity, now, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local tokens = capacity
if state[1] then
  local elapsed = math.max(0, now - tonumber(state[2]))
  tokens = math.min(capacity, tonumber(state[1]) + elapsed / 1000 * rate)
  now = math.max(now, tonumber(state[2]))
end
local ok = 0
if tokens >= cost then
  tokens = tokens - cost
  ok = 1
end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'a', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate * 1000) + 1000)
return ok`

export interface RedisRateLimiterOptions {
  prefix: string
  ratePerSec: number
  burstSec?: number
}

/** Token buckets shared by every process using the same Redis and prefix. */
export function redisRateLimiter(
  redis: RedisEval,
  options: RedisRateLimiterOptions,
): SharedRateLimiter {
  const capacity = options.ratePerSec * (options.burstSec ?? 2)
  return {
    async take(key, now, cost = 1) {
      const ok = await redis.eval(
        TAKE,
        1,
        `${options.prefix}:${key}`,
        options.ratePerSec,
        capacity,
        now,
        cost,
      )
      return ok === 1
    },
  }
}

/** Counts per key in fixed windows (e.g. failed logins a minute). */
export interface WindowCounter {
  /** Adds `add` (0 reads) to `key`'s count in the window holding `now`; the count after. */
  count(key: string, now: number, add: number): Promise<number>
}

/** Window counts in this process; at most `maxKeys` keys a window (then the window restarts). */
export function memoryWindowCounter(windowMs: number, maxKeys = 100_000): WindowCounter {
  let window = -1
  const counts = new Map<string, number>()
  return {
    async count(key, now, add) {
      const current = Math.floor(now / windowMs)
      if (current !== window || (counts.size >= maxKeys && !counts.has(key))) {
        window = current
        counts.clear()
      }
      const total = (counts.get(key) ?? 0) + add
      if (add > 0) counts.set(key, total)
      return total
    },
  }
}

const COUNT = `
local total = redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return total`

/** Window counts shared by every process using the same Redis and prefix. */
export function redisWindowCounter(
  redis: RedisEval,
  options: { prefix: string; windowMs: number },
): WindowCounter {
  return {
    async count(key, now, add) {
      const window = Math.floor(now / options.windowMs)
      const total = await redis.eval(
        COUNT,
        1,
        `${options.prefix}:${window}:${key}`,
        add,
        2 * options.windowMs,
      )
      return Number(total)
    },
  }
}
