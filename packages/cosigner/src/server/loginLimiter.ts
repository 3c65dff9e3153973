/**
 * Login attempts per client address per minute, in memory (per process), so a flood of codes
 * cannot burn the platform quota (WeChat 45011) or our database. Keys by the client address the
 * server kit gives (the TCP peer, or behind `--trust-proxy` the forwarded client). The map is
 * bounded.
 */
import { CosignerError } from '../errors.ts'

const MAX_ADDRESSES = 100_000

export function createLoginLimiter(perMinute: number, now: () => number) {
  let window = -1
  const counts = new Map<string, number>()
  return {
    take(address: string): void {
      const current = Math.floor(now() / 60_000)
      if (current !== window || counts.size >= MAX_ADDRESSES) {
        window = current
        counts.clear()
      }
      const count = (counts.get(address) ?? 0) + 1
      counts.set(address, count)
      if (count > perMinute) {
        throw new CosignerError(
          'RateLimited',
          `more than ${perMinute} login attempts from this address in a minute`,
          { retryable: true },
        )
      }
    },
  }
}
