/**
 * Token-bucket rate limiting: burst, refill, and the bounded key map.
 */
import { describe, expect, it } from 'vitest'
import { createRateLimiter } from './tokenBucket.ts'

describe('token bucket', () => {
  it('allows a burst of rate × burstSec, then refills at the rate', () => {
    const limiter = createRateLimiter(10, 2)
    let allowed = 0
    for (let i = 0; i < 50; i++) if (limiter.take('a', 0)) allowed++
    expect(allowed).toBe(20)
    expect(limiter.take('a', 50)).toBe(false)
    expect(limiter.take('a', 100)).toBe(true)
    expect(limiter.take('b', 100)).toBe(true)
  })

  it('forgets full buckets when the key map is at its cap', () => {
    const limiter = createRateLimiter(10, 1, 3)
    for (const k of ['a', 'b', 'c']) limiter.take(k, 0)
    limiter.take('d', 10_000)
    expect(limiter.size).toBe(1)
  })
})
