/**
 * `backoffDelay`: how long to wait before reconnect attempt `attempt` (0 = the first retry):
 * exponential growth capped at `maxMs`, with "equal jitter" (half fixed, half random) so a relay
 * restart is not met by every client at the same instant, yet no client retries in a tight loop.
 * Pure: `random` is passed in (tests fix it). Must never return a negative or unbounded delay.
 */
export interface BackoffOptions {
  readonly initialMs: number
  readonly maxMs: number
}

export function backoffDelay(attempt: number, options: BackoffOptions, random: number): number {
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), 30)
  const cap = Math.min(options.maxMs, options.initialMs * 2 ** exponent)
  const r = Math.min(Math.max(random, 0), 1)
  return Math.round(cap / 2 + (cap / 2) * r)
}
