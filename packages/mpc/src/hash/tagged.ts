/**
 * The one hash every protocol uses (docs/THRESHOLD.md#conventions):
 *   H(tag, parts…) = SHA-256(u64be(len(tag)) ‖ tag ‖ Σ u64be(len(p)) ‖ p)
 * Length prefixes make the encoding injective: ["ab","c"] and ["a","bc"] never collide.
 * Tags come from `tags.ts` only; never build a tag from strings at run time.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import type { Tag } from './tags.ts'

const encoder = new TextEncoder()

function u64be(value: number): Uint8Array {
  const out = new Uint8Array(8)
  new DataView(out.buffer).setBigUint64(0, BigInt(value))
  return out
}

/** Tagged, length-prefixed SHA-256 over byte strings. */
export function taggedHash(tag: Tag, ...parts: readonly Uint8Array[]): Uint8Array {
  const h = sha256.create()
  const tagBytes = encoder.encode(tag)
  h.update(u64be(tagBytes.length)).update(tagBytes)
  for (const part of parts) {
    if (!(part instanceof Uint8Array)) throw new TypeError('hash part expected Uint8Array')
    h.update(u64be(part.length)).update(part)
  }
  return h.digest()
}
