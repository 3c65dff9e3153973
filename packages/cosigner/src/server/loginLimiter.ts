/**
 * Login attempts per client address per minute, so a flood of codes cannot burn the platform
 * quota (WeChat 45011) or our database. Keys by the client address the server kit gives (the TCP
 * peer, or behind `--trust-proxy` the forwarded client). Counted in memory (bounded) or, with
 * `COSIGNER_REDIS_URL`, in Redis for every process of the cluster.
 */
import { memoryWindowCounter, type WindowCounter } from '@tessera/server-kit'
import { CosignerError } from '../errors.ts'

export interface LoginLimiter {
  /** Throws RateLimited past the limit. */
  take(address: string): Promise<void>
}

export function createLoginLimiter(
  perMinute: number,
  now: () => number,
  counter: WindowCounter = memoryWindowCounter(60_000),
): LoginLimiter {
  return {
    async take(address) {
      if ((await counter.count(address, now(), 1)) > perMinute) {
        throw new CosignerError(
          'RateLimited',
          `more than ${perMinute} login attempts from this address in a minute`,
          { retryable: true },
        )
      }
    },
  }
}
