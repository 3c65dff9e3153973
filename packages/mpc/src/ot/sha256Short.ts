/**
 * SHA-256 (FIPS 180-4 §6.2) of a message of at most 55 bytes: exactly one compression of one
 * padded block, on preallocated Uint32 words, for the tens of thousands of row hashes per
 * signature (the random-OT pads of the vOLE). A general hasher allocates state and views on every
 * call, which cost more than the compression itself. Inputs are secret: no branch or memory index
 * may depend on message bytes. Never use for longer messages (it throws).
 */

// FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64
// primes.
// As signed words (Int32Array): V8 then keeps every round value a small integer; the values of a
// Uint32Array above 2^31 are read as doubles and slow the whole round loop down.
export const K: Int32Array = Int32Array.from(
  [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ].map((k) => k | 0),
)
/** Reusable scratch: the 64-word message schedule (signed words, see K) and the padded block. */
export type Sha256Scratch = { readonly w: Int32Array; readonly block: Uint8Array }

export function sha256Scratch(): Sha256Scratch {
  return { w: new Int32Array(64), block: new Uint8Array(64) }
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
  for (let i = 0; i < 16; i++) {
    w[i] =
      ((block[4 * i] as number) << 24) |
      ((block[4 * i + 1] as number) << 16) |
      ((block[4 * i + 2] as number) << 8) |
      (block[4 * i + 3] as number)
  }
  sha256Block(w, out)
  w.fill(0)
  block.fill(0)
}

/**
 * One compression from the initial hash value of a block already padded and loaded as 16
 * big-endian words in w[0..16); w (64 signed words) becomes the message schedule. The caller
 * wipes w when the message is secret: the vOLE hashes hundreds of rows through one scratch and
 * wipes it once at the end. For callers that build the words of a fixed-shape message directly
 * (the vOLE row hash), skipping bytes.
 */
export function sha256Block(w: Int32Array, out: Uint32Array): void {
  const x = w
  for (let i = 16; i < 64; i++) {
    const a = x[i - 15] as number
    const b = x[i - 2] as number
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3)
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10)
    x[i] = ((x[i - 16] as number) + s0 + (x[i - 7] as number) + s1) | 0
  }
  // FIPS 180-4 §5.3.3, the initial hash value H(0).
  let a = 0x6a09e667 | 0
  let b = 0xbb67ae85 | 0
  let c = 0x3c6ef372 | 0
  let d = 0xa54ff53a | 0
  let e = 0x510e527f | 0
  let f = 0x9b05688c | 0
  let g = 0x1f83d9ab | 0
  let h = 0x5be0cd19 | 0
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
  out[0] = (0x6a09e667 + a) | 0
  out[1] = (0xbb67ae85 + b) | 0
  out[2] = (0x3c6ef372 + c) | 0
  out[3] = (0xa54ff53a + d) | 0
  out[4] = (0x510e527f + e) | 0
  out[5] = (0x9b05688c + f) | 0
  out[6] = (0x1f83d9ab + g) | 0
  out[7] = (0x5be0cd19 + h) | 0
}
