/**
 * The tagged hash of `hash/tagged.ts` (H(tag, parts…) = SHA-256(u64be(len(tag)) ‖ tag ‖
 * Σ u64be(len(p)) ‖ p), docs/THRESHOLD.md#conventions) for the long inputs of every signature: u
 * (the OT-extension message), t̂, ã and μ, about 130 KiB per ordered pair and side. Same digest
 * as `taggedHash`, byte for byte, on the unrolled compression of sha256Compress.ts,
 * well over a third faster than the general-purpose hasher on these sizes. Inputs may be secret (t̂, μ): no branch or memory index
 * depends on their bytes, and the scratch is wiped before returning. Only lengths steer control.
 */
import type { Tag } from '../hash/tags.ts'
import { SHA256_IV, sha256Compress } from './sha256Compress.ts'
import { loadBlock } from './sha256Short.ts'

// Scratch (synchronous, single-threaded): one block's words, the chaining value, a partial
// block. Wiped at the end of every hash.
const W = new Int32Array(16)
const state = new Int32Array(8)
const tail = new Uint8Array(64)

/** FIPS 180-4 §6.2.2 over `blocks` 64-byte blocks of `data` from byte `off`, chaining `state`. */
function compress(data: Uint8Array, off: number, blocks: number): void {
  for (let n = 0; n < blocks; n++, off += 64) {
    loadBlock(data, off, W)
    sha256Compress(state, W)
  }
}

let filled = 0 // bytes in `tail`
let total = 0 // bytes absorbed

function absorb(data: Uint8Array): void {
  let at = 0
  total += data.length
  if (filled > 0) {
    const take = Math.min(64 - filled, data.length)
    tail.set(data.subarray(0, take), filled)
    filled += take
    at = take
    if (filled < 64) return
    compress(tail, 0, 1)
    filled = 0
  }
  const blocks = (data.length - at) >>> 6
  compress(data, at, blocks)
  at += 64 * blocks
  tail.set(data.subarray(at), 0)
  filled = data.length - at
}

const lengthBytes = new Uint8Array(8)
const lengthView = new DataView(lengthBytes.buffer)

/** 8 bytes big-endian of a length (below 2^53). */
function absorbLength(length: number): void {
  lengthView.setUint32(0, Math.floor(length / 2 ** 32))
  lengthView.setUint32(4, length >>> 0)
  absorb(lengthBytes)
}

const encoder = new TextEncoder()
/** UTF-8 bytes of each tag seen (a fixed set, tags.ts): encoding one cost more than hashing it. */
const tagBytesOf = new Map<Tag, Uint8Array>()

/** Exactly `taggedHash(tag, ...parts)`, faster on long parts. */
export function taggedHashBulk(tag: Tag, ...parts: readonly Uint8Array[]): Uint8Array {
  state.set(SHA256_IV)
  filled = 0
  total = 0
  let tagBytes = tagBytesOf.get(tag)
  if (tagBytes === undefined) {
    tagBytes = encoder.encode(tag)
    tagBytesOf.set(tag, tagBytes)
  }
  absorbLength(tagBytes.length)
  absorb(tagBytes)
  for (const part of parts) {
    if (!(part instanceof Uint8Array)) throw new TypeError('hash part expected Uint8Array')
    absorbLength(part.length)
    absorb(part)
  }
  // FIPS 180-4 §5.1.1: 0x80, zeros to 56 mod 64, the bit length as 64 bits big-endian.
  const bits = total * 8
  tail[filled] = 0x80
  tail.fill(0, filled + 1)
  if (filled >= 56) {
    compress(tail, 0, 1)
    tail.fill(0)
  }
  const view = new DataView(tail.buffer)
  view.setUint32(56, Math.floor(bits / 2 ** 32))
  view.setUint32(60, bits >>> 0)
  compress(tail, 0, 1)
  const out = new Uint8Array(32)
  const outView = new DataView(out.buffer)
  for (let i = 0; i < 8; i++) outView.setInt32(4 * i, state[i] as number)
  W.fill(0)
  state.fill(0)
  tail.fill(0)
  filled = 0
  return out
}
