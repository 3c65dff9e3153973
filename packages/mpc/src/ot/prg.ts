/**
 * The PRG of the OT extension and the vOLE pads: the ChaCha20 block function (RFC 8439 §2.3),
 * written on Uint32Array words so that expanding thousands of 32-byte seeds per signature does not
 * pay a general-purpose cipher's per-call setup. Seeds are secret: this file must never branch on
 * or index memory by key material, and must not be used for encryption (no nonce management).
 */
import { bytesToWords } from './bits.ts'

function rotl(x: number, n: number): number {
  return (x << n) | (x >>> (32 - n))
}

const S0: number = 0x61707865
const S1: number = 0x3320646e
const S2: number = 0x79622d32
const S3: number = 0x6b206574

/**
 * ChaCha20 keystream: `blocks` 64-byte blocks for a 32-byte key (as 8 LE words), a 12-byte nonce
 * (3 LE words) and an initial block counter, written into `out` from word `outOff`.
 */
export function chachaBlocks(
  key: Uint32Array,
  nonce: Uint32Array,
  counter: number,
  blocks: number,
  out: Uint32Array,
  outOff = 0,
): void {
  const k0 = key[0] as number,
    k1 = key[1] as number,
    k2 = key[2] as number,
    k3 = key[3] as number
  const k4 = key[4] as number,
    k5 = key[5] as number,
    k6 = key[6] as number,
    k7 = key[7] as number
  const n0 = nonce[0] as number,
    n1 = nonce[1] as number,
    n2 = nonce[2] as number
  for (let b = 0; b < blocks; b++) {
    const c = (counter + b) | 0
    let x0 = S0,
      x1 = S1,
      x2 = S2,
      x3 = S3
    let x4 = k0,
      x5 = k1,
      x6 = k2,
      x7 = k3,
      x8 = k4,
      x9 = k5,
      x10 = k6,
      x11 = k7
    let x12 = c,
      x13 = n0,
      x14 = n1,
      x15 = n2
    for (let r = 0; r < 10; r++) {
      // RFC 8439 §2.3: a column round then a diagonal round.
      x0 = (x0 + x4) | 0
      x12 = rotl(x12 ^ x0, 16)
      x8 = (x8 + x12) | 0
      x4 = rotl(x4 ^ x8, 12)
      x0 = (x0 + x4) | 0
      x12 = rotl(x12 ^ x0, 8)
      x8 = (x8 + x12) | 0
      x4 = rotl(x4 ^ x8, 7)
      x1 = (x1 + x5) | 0
      x13 = rotl(x13 ^ x1, 16)
      x9 = (x9 + x13) | 0
      x5 = rotl(x5 ^ x9, 12)
      x1 = (x1 + x5) | 0
      x13 = rotl(x13 ^ x1, 8)
      x9 = (x9 + x13) | 0
      x5 = rotl(x5 ^ x9, 7)
      x2 = (x2 + x6) | 0
      x14 = rotl(x14 ^ x2, 16)
      x10 = (x10 + x14) | 0
      x6 = rotl(x6 ^ x10, 12)
      x2 = (x2 + x6) | 0
      x14 = rotl(x14 ^ x2, 8)
      x10 = (x10 + x14) | 0
      x6 = rotl(x6 ^ x10, 7)
      x3 = (x3 + x7) | 0
      x15 = rotl(x15 ^ x3, 16)
      x11 = (x11 + x15) | 0
      x7 = rotl(x7 ^ x11, 12)
      x3 = (x3 + x7) | 0
      x15 = rotl(x15 ^ x3, 8)
      x11 = (x11 + x15) | 0
      x7 = rotl(x7 ^ x11, 7)
      x0 = (x0 + x5) | 0
      x15 = rotl(x15 ^ x0, 16)
      x10 = (x10 + x15) | 0
      x5 = rotl(x5 ^ x10, 12)
      x0 = (x0 + x5) | 0
      x15 = rotl(x15 ^ x0, 8)
      x10 = (x10 + x15) | 0
      x5 = rotl(x5 ^ x10, 7)
      x1 = (x1 + x6) | 0
      x12 = rotl(x12 ^ x1, 16)
      x11 = (x11 + x12) | 0
      x6 = rotl(x6 ^ x11, 12)
      x1 = (x1 + x6) | 0
      x12 = rotl(x12 ^ x1, 8)
      x11 = (x11 + x12) | 0
      x6 = rotl(x6 ^ x11, 7)
      x2 = (x2 + x7) | 0
      x13 = rotl(x13 ^ x2, 16)
      x8 = (x8 + x13) | 0
      x7 = rotl(x7 ^ x8, 12)
      x2 = (x2 + x7) | 0
      x13 = rotl(x13 ^ x2, 8)
      x8 = (x8 + x13) | 0
      x7 = rotl(x7 ^ x8, 7)
      x3 = (x3 + x4) | 0
      x14 = rotl(x14 ^ x3, 16)
      x9 = (x9 + x14) | 0
      x4 = rotl(x4 ^ x9, 12)
      x3 = (x3 + x4) | 0
      x14 = rotl(x14 ^ x3, 8)
      x9 = (x9 + x14) | 0
      x4 = rotl(x4 ^ x9, 7)
    }
    const o = outOff + 16 * b
    out[o] = (x0 + S0) | 0
    out[o + 1] = (x1 + S1) | 0
    out[o + 2] = (x2 + S2) | 0
    out[o + 3] = (x3 + S3) | 0
    out[o + 4] = (x4 + k0) | 0
    out[o + 5] = (x5 + k1) | 0
    out[o + 6] = (x6 + k2) | 0
    out[o + 7] = (x7 + k3) | 0
    out[o + 8] = (x8 + k4) | 0
    out[o + 9] = (x9 + k5) | 0
    out[o + 10] = (x10 + k6) | 0
    out[o + 11] = (x11 + k7) | 0
    out[o + 12] = (x12 + c) | 0
    out[o + 13] = (x13 + n0) | 0
    out[o + 14] = (x14 + n1) | 0
    out[o + 15] = (x15 + n2) | 0
  }
}

/** Expands a 32-byte seed into `words` pseudo-random words under a 12-byte public nonce. */
export function prgWords(seed: Uint8Array, nonce: Uint8Array, words: number): Uint32Array {
  if (seed.length !== 32)
    throw new RangeError(`"seed" expected Uint8Array of length 32, got length=${seed.length}`)
  if (nonce.length !== 12)
    throw new RangeError(`"nonce" expected Uint8Array of length 12, got length=${nonce.length}`)
  const blocks = Math.ceil(words / 16)
  const out = new Uint32Array(blocks * 16)
  const key = bytesToWords(seed)
  chachaBlocks(key, bytesToWords(nonce), 0, blocks, out)
  key.fill(0)
  return out.length === words ? out : out.slice(0, words)
}

// Scratch for prgColumns (synchronous, single-threaded); zeroed before returning.
const colKey = new Uint32Array(8)
const colNonce = new Uint32Array(3)
const colBlock = new Uint32Array(64)

function readLe(bytes: Uint8Array, at: number): number {
  return (
    (bytes[at] as number) |
    ((bytes[at + 1] as number) << 8) |
    ((bytes[at + 2] as number) << 16) |
    ((bytes[at + 3] as number) << 24)
  )
}

/**
 * prgWords for the first `count` consecutive 32-byte seeds at once: column l = G(seeds[32l..32l+32)) (its
 * first `words` ≤ 64 words) is written to out[l·words..(l+1)·words). Same keystream as prgWords,
 * without its per-seed allocations (the OT extension expands 256–512 seeds per call).
 */
export function prgColumns(
  seeds: Uint8Array,
  count: number,
  nonce: Uint8Array,
  words: number,
  out: Uint32Array,
): void {
  if (seeds.length < 32 * count) {
    // The error prgWords gives for the first short seed, as when the seeds were expanded one by one.
    const got = seeds.length - 32 * Math.floor(seeds.length / 32)
    throw new RangeError(`"seed" expected Uint8Array of length 32, got length=${got}`)
  }
  if (nonce.length !== 12)
    throw new RangeError(`"nonce" expected Uint8Array of length 12, got length=${nonce.length}`)
  if (words > colBlock.length || out.length < count * words)
    throw new RangeError('prgColumns: size')
  for (let i = 0; i < 3; i++) colNonce[i] = readLe(nonce, 4 * i)
  const blocks = Math.ceil(words / 16)
  for (let l = 0; l < count; l++) {
    for (let i = 0; i < 8; i++) colKey[i] = readLe(seeds, 32 * l + 4 * i)
    chachaBlocks(colKey, colNonce, 0, blocks, colBlock)
    const o = l * words
    for (let i = 0; i < words; i++) out[o + i] = colBlock[i] as number
  }
  colKey.fill(0)
  colBlock.fill(0)
}
