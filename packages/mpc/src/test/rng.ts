/**
 * Test-only deterministic RNG (docs/THRESHOLD.md#randomness: tests inject a seeded RNG through an
 * explicit parameter). SHA-256 in counter mode; never used outside tests and benchmarks.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import type { Rng } from '../encoding/random.ts'

export function seededRng(seed: string): Rng {
  let counter = 0
  const seedBytes = new TextEncoder().encode(seed)
  return (length: number) => {
    const out = new Uint8Array(length)
    for (let at = 0; at < length; at += 32) {
      const block = sha256(
        new Uint8Array([...seedBytes, ...new Uint8Array(new Uint32Array([counter++]).buffer)]),
      )
      out.set(block.subarray(0, Math.min(32, length - at)), at)
    }
    return out
  }
}
