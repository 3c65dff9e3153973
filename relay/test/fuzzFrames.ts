/**
 * Test helper: a seeded generator of hostile frames — random text, random binary, and valid relay
 * requests mutated at the character level or the structure level (wrong types, deep nesting,
 * long strings, huge numbers). Deterministic for a given seed, so a failure replays. Test-only.
 */

/** A text frame, a binary frame, or a text frame whose bytes are not UTF-8. */
export type FuzzFrame = string | Buffer | { invalidUtf8: Buffer }

/** mulberry32: small, fast, good enough to drive a fuzzer. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const METHODS = [
  'irn_subscribe',
  'irn_batchSubscribe',
  'irn_publish',
  'irn_unsubscribe',
  'irn_batchPublish',
  'irn_batchUnsubscribe',
  'irn_batchFetchMessages',
  'wc_proposeSession',
  'wc_approveSession',
  'irn_nope',
]

export function createFuzzer(seed: number, topics: string[]) {
  const rand = prng(seed)
  const int = (n: number): number => Math.floor(rand() * n)
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T
  const text = (n: number): string =>
    Array.from({ length: n }, () =>
      String.fromCodePoint(pick([32 + int(95), int(0x2fff), 0x7b, 0x22])),
    ).join('')
  const topic = (): string => pick(topics)
  const junkValue = (depth = 0): unknown => {
    switch (int(depth > 3 ? 6 : 9)) {
      case 0:
        return null
      case 1:
        return int(2) === 0 ? -1 : 2 ** 64
      case 2:
        return text(int(40))
      case 3:
        return 'f'.repeat(int(3) === 0 ? 20_000 : 64)
      case 4:
        return true
      case 5:
        return 1.5
      case 6:
        return [junkValue(depth + 1), junkValue(depth + 1)]
      case 7:
        return { topic: junkValue(depth + 1), message: junkValue(depth + 1) }
      default: {
        let nested: unknown = 1
        for (let i = 0; i < 60; i++) nested = { a: nested }
        return nested
      }
    }
  }
  const validParams = (method: string): Record<string, unknown> => {
    const t = topic()
    switch (method) {
      case 'irn_batchSubscribe':
      case 'irn_batchFetchMessages':
        return { topics: [t, topic()] }
      case 'irn_publish':
        return { topic: t, message: text(1 + int(200)), ttl: 1 + int(600), tag: int(2000) }
      case 'irn_unsubscribe':
        return { topic: t, id: 'x' }
      case 'irn_batchPublish':
        return { messages: [{ topic: t, message: text(20), ttl: 60 }] }
      case 'irn_batchUnsubscribe':
        return { subscriptions: [{ topic: t, id: 'x' }] }
      case 'wc_proposeSession':
        return { pairingTopic: t, sessionProposal: text(50), ttl: 300 }
      case 'wc_approveSession':
        return {
          sessionTopic: t,
          pairingTopic: topic(),
          sessionProposalResponse: text(30),
          sessionSettlementRequest: text(30),
        }
      default:
        return { topic: t }
    }
  }
  let nextId = 1
  return (): FuzzFrame => {
    // Rare frames that cost the hostile client its socket: a text frame that is not UTF-8
    // (close 1007) and one beyond the frame limit (close 1009).
    const rare = int(400)
    if (rare === 0) return { invalidUtf8: Buffer.from([0x7b, 0xc3, 0x28, 0xff, 0x7d]) }
    if (rare === 1) return 'x'.repeat(600 * 1024)
    const kind = int(10)
    if (kind === 0) return text(int(300))
    if (kind === 1) return Buffer.from(Array.from({ length: int(200) }, () => int(256)))
    const method = pick(METHODS)
    const frame: Record<string, unknown> = {
      id: int(4) === 0 ? junkValue() : String(nextId++),
      jsonrpc: '2.0',
      method,
      params: validParams(method),
    }
    if (kind <= 4) {
      // Structural mutation: one field of the frame or its params gets a junk value.
      const target = int(2) === 0 ? frame : (frame.params as Record<string, unknown>)
      const key = pick(Object.keys(target))
      target[key] = junkValue()
    } else if (kind <= 6) {
      // Response-shaped frames: acks for ids the relay never sent, odd results.
      return JSON.stringify({ id: int(2) === 0 ? int(1e9) : text(5), result: junkValue() })
    }
    let out = JSON.stringify(frame)
    if (kind >= 8) {
      // Character-level mutation: cut, insert or replace at a random point.
      const at = int(out.length)
      const op = int(3)
      if (op === 0) out = out.slice(0, at)
      else if (op === 1) out = out.slice(0, at) + text(1 + int(5)) + out.slice(at)
      else out = out.slice(0, at) + text(1) + out.slice(at + 1)
    }
    return out
  }
}
