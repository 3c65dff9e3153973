/**
 * Topic syntax. A topic is 64 lowercase hex characters (a 32-byte hash, as WalletConnect derives
 * them). Anything else is refused before it reaches a map, a log or storage.
 */

const TOPIC = /^[0-9a-f]{64}$/

export function isTopic(value: unknown): value is string {
  return typeof value === 'string' && TOPIC.test(value)
}
