/**
 * The one hash every protocol uses (docs/THRESHOLD.md#conventions):
 *   H(tag, parts…) = SHA-256(u64be(len(tag)) ‖ tag ‖ Σ u64be(len(p)) ‖ p)
 * Length prefixes make the encoding injective: ["ab","c"] and ["a","bc"] never collide.
 * Tags come from `tags.ts` only; never build a tag from strings at run time.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import type { Tag } from './tags.ts'

const encoder = new TextEncoder()

/**
 * u64be(len(tag)) ‖ tag for each tag seen (a fixed set, tags.ts): encoding the tag on every call
 * cost more than hashing it, and the signing path hashes dozens of short inputs per signature.
 */
const prefixes = new Map<Tag, Uint8Array>()

function prefixOf(tag: Tag): Uint8Array {
  let prefix = prefixes.get(tag)
  if (prefix === undefined) {
    const tagBytes = encoder.encode(tag)
    prefix = new Uint8Array(8 + tagBytes.length)
    new DataView(prefix.buffer).setBigUint64(0, BigInt(tagBytes.length))
    prefix.set(tagBytes, 8)
    prefixes.set(tag, prefix)
  }
  return prefix
}

// One length prefix, rewritten per part: `update` copies its input before returning.
const lengthBytes = new Uint8Array(8)
const lengthView = new DataView(lengthBytes.buffer)

/** Tagged, length-prefixed SHA-256 over byte strings. */
export function taggedHash(tag: Tag, ...parts: readonly Uint8Array[]): Uint8Array {
  const h = sha256.create()
  h.update(prefixOf(tag))
  for (const part of parts) {
    if (!(part instanceof Uint8Array)) throw new TypeError('hash part expected Uint8Array')
    lengthView.setUint32(0, Math.floor(part.length / 2 ** 32))
    lengthView.setUint32(4, part.length >>> 0)
    h.update(lengthBytes).update(part)
  }
  return h.digest()
}
