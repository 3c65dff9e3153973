/**
 * Throttles admin-token guessing: after `maxFailures` wrong or missing tokens from one client
 * address within a minute, every admin request from that address is refused with 429 until the
 * minute ends — the right token included, so guessing cannot be confirmed by a later success.
 * Counted in memory (bounded) or, with `COSIGNER_REDIS_URL`, in Redis for every process.
 */
import { memoryWindowCounter, type WindowCounter } from '@tessera/server-kit'
import { CosignerError } from '../errors.ts'

export interface AdminGuard {
  /** Throws RateLimited while `address` is locked out. */
  check(address: string): Promise<void>
  /** Records a failed attempt from `address`. */
  fail(address: string): Promise<void>
}

export function createAdminGuard(
  maxFailures: number,
  now: () => number,
  counter: WindowCounter = memoryWindowCounter(60_000),
): AdminGuard {
  return {
    async check(address) {
      if ((await counter.count(address, now(), 0)) >= maxFailures) {
        throw new CosignerError(
          'RateLimited',
          `more than ${maxFailures} failed admin authentications from this address in a minute`,
          { retryable: true },
        )
      }
    },
    async fail(address) {
      await counter.count(address, now(), 1)
    },
  }
}
