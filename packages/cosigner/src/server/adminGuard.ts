/**
 * Throttles admin-token guessing: after `maxFailures` wrong or missing tokens from one client
 * address within a minute, every admin request from that address is refused with 429 until the
 * minute ends — the right token included, so guessing cannot be confirmed by a later success.
 * In memory, per process, bounded like the login limiter.
 */
import { CosignerError } from '../errors.ts'

const MAX_ADDRESSES = 100_000

export interface AdminGuard {
  /** Throws RateLimited while `address` is locked out. */
  check(address: string): void
  /** Records a failed attempt from `address`. */
  fail(address: string): void
}

export function createAdminGuard(maxFailures: number, now: () => number): AdminGuard {
  let window = -1
  const failures = new Map<string, number>()
  const roll = () => {
    const current = Math.floor(now() / 60_000)
    if (current !== window) {
      window = current
      failures.clear()
    }
  }
  return {
    check(address) {
      roll()
      if ((failures.get(address) ?? 0) >= maxFailures) {
        throw new CosignerError(
          'RateLimited',
          `more than ${maxFailures} failed admin authentications from this address in a minute`,
          { retryable: true },
        )
      }
    },
    fail(address) {
      roll()
      if (failures.size >= MAX_ADDRESSES && !failures.has(address)) failures.clear()
      failures.set(address, (failures.get(address) ?? 0) + 1)
    },
  }
}
