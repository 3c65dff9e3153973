/**
 * Token-bucket rate limiting keyed by client id or IP address: `ratePerSec` tokens per second,
 * bursts of up to `burstSec` seconds' worth. Idle keys are forgotten so the map cannot grow
 * without bound under a rotation of client ids.
 */

export interface RateLimiter {
  /** Takes `cost` tokens for `key`; false when the key is over its rate. */
  take(key: string, now: number, cost?: number): boolean
  readonly size: number
}

export function createRateLimiter(
  ratePerSec: number,
  burstSec = 2,
  maxKeys = 100_000,
): RateLimiter {
  const capacity = ratePerSec * burstSec
  const buckets = new Map<string, { tokens: number; at: number }>()
  const prune = (now: number): void => {
    for (const [key, b] of buckets) {
      if (b.tokens + ((now - b.at) / 1000) * ratePerSec >= capacity) buckets.delete(key)
    }
  }
  return {
    take(key, now, cost = 1) {
      let b = buckets.get(key)
      if (b === undefined) {
        if (buckets.size >= maxKeys) prune(now)
        b = { tokens: capacity, at: now }
        buckets.set(key, b)
      } else {
        b.tokens = Math.min(capacity, b.tokens + ((now - b.at) / 1000) * ratePerSec)
        b.at = now
      }
      if (b.tokens < cost) return false
      b.tokens -= cost
      return true
    },
    get size() {
      return buckets.size
    },
  }
}
