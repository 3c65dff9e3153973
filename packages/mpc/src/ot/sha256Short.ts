/**
 * SHA-256 (FIPS 180-4 §6.2) of one padded block on preallocated words, for the tens of thousands
 * of row hashes per signature (the random-OT pads of the vOLE) and messages of at most 55 bytes: a
 * general hasher allocates state and views on every call, which cost more than the compression
 * (`sha256Compress.ts`, shared with `sha256Bulk.ts`). Inputs are secret: no branch or memory index
 * may depend on message bytes. Never use `sha256Short` for longer messages (it throws).
 */

import { SHA256_IV, sha256Compress } from './sha256Compress.ts'

/** Reusable scratch: the 16 block words (signed, see sha256Compress), the state, the padded block. */
export type Sha256Scratch = {
  readonly w: Int32Array
  readonly state: Int32Array
  readonly block: Uint8Array
}

export function sha256Scratch(): Sha256Scratch {
  return { w: new Int32Array(16), state: new Int32Array(8), block: new Uint8Array(64) }
}

/** Loads 64 bytes of `data` from `off` as 16 big-endian words into w. */
export function loadBlock(data: Uint8Array, off: number, w: Int32Array): void {
  for (let i = 0; i < 16; i++) {
    const o = off + 4 * i
    w[i] =
      ((data[o] as number) << 24) |
      ((data[o + 1] as number) << 16) |
      ((data[o + 2] as number) << 8) |
      (data[o + 3] as number)
  }
}

/**
 * Writes SHA-256(message[0..length)) as 8 big-endian words into `out` (out[0] holds digest bytes
 * 0..3). `length` ≤ 55 so the padding fits the same block (FIPS 180-4 §5.1.1).
 */
export function sha256Short(
  message: Uint8Array,
  length: number,
  out: Uint32Array,
  s: Sha256Scratch,
): void {
  if (length > 55 || length > message.length) throw new RangeError('sha256Short: length > 55')
  const { w, block } = s
  block.fill(0)
  block.set(message.subarray(0, length))
  block[length] = 0x80
  const bits = length * 8
  block[62] = bits >>> 8
  block[63] = bits & 0xff
  loadBlock(block, 0, w)
  sha256Block(w, out, s.state)
  w.fill(0)
  s.state.fill(0)
  block.fill(0)
}

/**
 * One compression from the initial hash value of a block already padded and loaded as 16
 * big-endian words in w[0..16), for callers that build the words of a fixed-shape message directly
 * (the vOLE row hash), skipping bytes. `state` is scratch (8 words); the caller wipes it and w when
 * the message is secret: the vOLE hashes hundreds of rows through one scratch and wipes it once.
 */
export function sha256Block(w: Int32Array, out: Uint32Array, state: Int32Array): void {
  state.set(SHA256_IV)
  sha256Compress(state, w)
  for (let i = 0; i < 8; i++) out[i] = state[i] as number
}
