/**
 * `createDedupe`: remembers the last `capacity` relay messages by SHA-256 of topic ‖ message, so
 * a redelivered message (docs/RELAY.md#semantics-the-relay-guarantees: at-least-once; duplicates
 * are possible) reaches the application once. Memory is bounded: the oldest entry is forgotten
 * first. Must never keep the messages themselves, only 16-byte digests.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'

export interface Dedupe {
  /** True the first time a (topic, message) pair is seen, false for a repeat. */
  first(topic: string, message: string): boolean
  readonly size: number
}

export function createDedupe(capacity: number): Dedupe {
  if (!Number.isSafeInteger(capacity) || capacity < 1) {
    throw new RangeError(`"capacity" expected a positive integer, got ${String(capacity)}`)
  }
  const seen = new Set<string>()
  return {
    first(topic, message) {
      // Topics have a fixed length (64 hex characters), so topic ‖ message is unambiguous.
      const key = bytesToHex(sha256(utf8ToBytes(topic + message)).subarray(0, 16))
      if (seen.has(key)) return false
      seen.add(key)
      if (seen.size > capacity) {
        // Sets iterate in insertion order: the first entry is the oldest.
        for (const oldest of seen) {
          seen.delete(oldest)
          break
        }
      }
      return true
    },
    get size() {
      return seen.size
    },
  }
}
