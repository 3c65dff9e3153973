/**
 * The tagged hash of `hash/tagged.ts` (H(tag, parts…) = SHA-256(u64be(len(tag)) ‖ tag ‖
 * Σ u64be(len(p)) ‖ p), docs/THRESHOLD.md#conventions) for the long inputs of every signature: u
 * (the OT-extension message), t̂, ã and μ, about 130 KiB per ordered pair and side. Same digest
 * as `taggedHash`, byte for byte; the compression keeps the chaining value in locals across
 * blocks and the schedule in signed words (see sha256Short.ts), about a quarter faster than the
 * general-purpose hasher on these sizes. Inputs may be secret (t̂, μ): no branch or memory index
 * depends on their bytes, and the scratch is wiped before returning. Only lengths steer control.
 */
import type { Tag } from '../hash/tags.ts'
import { K } from './sha256Short.ts'

/** FIPS 180-4 §5.3.3, the initial hash value H(0). */
const IV = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]

// Scratch (synchronous, single-threaded): the message schedule, the chaining value, a partial
// block. Wiped at the end of every hash.
const W = new Int32Array(64)
const state = new Int32Array(8)
const tail = new Uint8Array(64)

/** FIPS 180-4 §6.2.2 over `blocks` 64-byte blocks of `data` from byte `off`, chaining `state`. */
function compress(data: Uint8Array, off: number, blocks: number): void {
  const x = W
  let h0 = state[0] as number
  let h1 = state[1] as number
  let h2 = state[2] as number
  let h3 = state[3] as number
  let h4 = state[4] as number
  let h5 = state[5] as number
  let h6 = state[6] as number
  let h7 = state[7] as number
  for (let n = 0; n < blocks; n++, off += 64) {
    for (let i = 0; i < 16; i++) {
      const o = off + 4 * i
      x[i] =
        ((data[o] as number) << 24) |
        ((data[o + 1] as number) << 16) |
        ((data[o + 2] as number) << 8) |
        (data[o + 3] as number)
    }
    for (let i = 16; i < 64; i++) {
      const a = x[i - 15] as number
      const b = x[i - 2] as number
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3)
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10)
      x[i] = ((x[i - 16] as number) + s0 + (x[i - 7] as number) + s1) | 0
    }
    let a = h0
    let b = h1
    let c = h2
    let d = h3
    let e = h4
    let f = h5
    let g = h6
    let h = h7
    // Eight rounds per iteration, the roles of a..h rotating through the names: no moves.
    for (let i = 0; i < 64; i += 8) {
      {
        const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))
        const t1 = (h + S1 + ((e & f) ^ (~e & g)) + (K[i + 0] as number) + (x[i + 0] as number)) | 0
        const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))
        d = (d + t1) | 0
        h = (t1 + S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0
      }
      {
        const S1 = ((d >>> 6) | (d << 26)) ^ ((d >>> 11) | (d << 21)) ^ ((d >>> 25) | (d << 7))
        const t1 = (g + S1 + ((d & e) ^ (~d & f)) + (K[i + 1] as number) + (x[i + 1] as number)) | 0
        const S0 = ((h >>> 2) | (h << 30)) ^ ((h >>> 13) | (h << 19)) ^ ((h >>> 22) | (h << 10))
        c = (c + t1) | 0
        g = (t1 + S0 + ((h & a) ^ (h & b) ^ (a & b))) | 0
      }
      {
        const S1 = ((c >>> 6) | (c << 26)) ^ ((c >>> 11) | (c << 21)) ^ ((c >>> 25) | (c << 7))
        const t1 = (f + S1 + ((c & d) ^ (~c & e)) + (K[i + 2] as number) + (x[i + 2] as number)) | 0
        const S0 = ((g >>> 2) | (g << 30)) ^ ((g >>> 13) | (g << 19)) ^ ((g >>> 22) | (g << 10))
        b = (b + t1) | 0
        f = (t1 + S0 + ((g & h) ^ (g & a) ^ (h & a))) | 0
      }
      {
        const S1 = ((b >>> 6) | (b << 26)) ^ ((b >>> 11) | (b << 21)) ^ ((b >>> 25) | (b << 7))
        const t1 = (e + S1 + ((b & c) ^ (~b & d)) + (K[i + 3] as number) + (x[i + 3] as number)) | 0
        const S0 = ((f >>> 2) | (f << 30)) ^ ((f >>> 13) | (f << 19)) ^ ((f >>> 22) | (f << 10))
        a = (a + t1) | 0
        e = (t1 + S0 + ((f & g) ^ (f & h) ^ (g & h))) | 0
      }
      {
        const S1 = ((a >>> 6) | (a << 26)) ^ ((a >>> 11) | (a << 21)) ^ ((a >>> 25) | (a << 7))
        const t1 = (d + S1 + ((a & b) ^ (~a & c)) + (K[i + 4] as number) + (x[i + 4] as number)) | 0
        const S0 = ((e >>> 2) | (e << 30)) ^ ((e >>> 13) | (e << 19)) ^ ((e >>> 22) | (e << 10))
        h = (h + t1) | 0
        d = (t1 + S0 + ((e & f) ^ (e & g) ^ (f & g))) | 0
      }
      {
        const S1 = ((h >>> 6) | (h << 26)) ^ ((h >>> 11) | (h << 21)) ^ ((h >>> 25) | (h << 7))
        const t1 = (c + S1 + ((h & a) ^ (~h & b)) + (K[i + 5] as number) + (x[i + 5] as number)) | 0
        const S0 = ((d >>> 2) | (d << 30)) ^ ((d >>> 13) | (d << 19)) ^ ((d >>> 22) | (d << 10))
        g = (g + t1) | 0
        c = (t1 + S0 + ((d & e) ^ (d & f) ^ (e & f))) | 0
      }
      {
        const S1 = ((g >>> 6) | (g << 26)) ^ ((g >>> 11) | (g << 21)) ^ ((g >>> 25) | (g << 7))
        const t1 = (b + S1 + ((g & h) ^ (~g & a)) + (K[i + 6] as number) + (x[i + 6] as number)) | 0
        const S0 = ((c >>> 2) | (c << 30)) ^ ((c >>> 13) | (c << 19)) ^ ((c >>> 22) | (c << 10))
        f = (f + t1) | 0
        b = (t1 + S0 + ((c & d) ^ (c & e) ^ (d & e))) | 0
      }
      {
        const S1 = ((f >>> 6) | (f << 26)) ^ ((f >>> 11) | (f << 21)) ^ ((f >>> 25) | (f << 7))
        const t1 = (a + S1 + ((f & g) ^ (~f & h)) + (K[i + 7] as number) + (x[i + 7] as number)) | 0
        const S0 = ((b >>> 2) | (b << 30)) ^ ((b >>> 13) | (b << 19)) ^ ((b >>> 22) | (b << 10))
        e = (e + t1) | 0
        a = (t1 + S0 + ((b & c) ^ (b & d) ^ (c & d))) | 0
      }
    }
    h0 = (h0 + a) | 0
    h1 = (h1 + b) | 0
    h2 = (h2 + c) | 0
    h3 = (h3 + d) | 0
    h4 = (h4 + e) | 0
    h5 = (h5 + f) | 0
    h6 = (h6 + g) | 0
    h7 = (h7 + h) | 0
  }
  state[0] = h0
  state[1] = h1
  state[2] = h2
  state[3] = h3
  state[4] = h4
  state[5] = h5
  state[6] = h6
  state[7] = h7
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

/** 8 bytes big-endian of a length (below 2^53). */
function absorbLength(length: number): void {
  const b = new Uint8Array(8)
  const hi = Math.floor(length / 2 ** 32)
  const view = new DataView(b.buffer)
  view.setUint32(0, hi)
  view.setUint32(4, length >>> 0)
  absorb(b)
}

const encoder = new TextEncoder()

/** Exactly `taggedHash(tag, ...parts)`, faster on long parts. */
export function taggedHashBulk(tag: Tag, ...parts: readonly Uint8Array[]): Uint8Array {
  state.set(IV)
  filled = 0
  total = 0
  const tagBytes = encoder.encode(tag)
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
