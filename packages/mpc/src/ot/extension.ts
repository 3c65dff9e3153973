/**
 * OT extension: KOS (Keller–Orsini–Scholl, CRYPTO 2015, Fig. 10) in the SoftSpokenOT form (Roy,
 * CRYPTO 2022) with its corrected, column-wise consistency check over GF(2^128), and a
 * Fiat–Shamir challenge χ = H(sid, u) so the extension stays one message. Two parameter sets
 * (`params.ts`, docs/THRESHOLD.md#security-parameters): v1 is k = 1 (ξ = 512, ℓ′ = 640, λ_s =
 * 128), v2 is k = 2 (ξ = 416, ℓ′ = 544, λ_s = 80), κ = 256 base OTs in both.
 *
 * Roles: the extension *receiver* (vOLE Bob) was the base-OT sender; the extension *sender* (vOLE
 * Alice) holds Δ ∈ {0,1}^κ. At k = 1 the receiver holds both seeds per column and the sender
 * k_{Δ_l}. At k = 2 each block i of two columns is a small-field VOLE from a punctured PRF: the
 * receiver holds the 4 leaves s_{i,x} (x ∈ {0,1}^2), the sender the 3 with x ≠ Δ_i, stored by
 * m = x ⊕ Δ_i ∈ {1, 2, 3} (`pprf.ts`). With r_x = G(s_{i,x}), the receiver's columns are
 * t_{2i+b} = ⊕_x x_b·r_x and its block sum is u_i = ⊕_x r_x; the sender's are
 * w_{2i+b} = ⊕_m m_b·G(slot_m) = t_{2i+b} ⊕ Δ_{2i+b}·u_i. The message carries u_i ⊕ x per block
 * (κ/k columns), and q_l = w_l ⊕ Δ_l·(u_i ⊕ x) = t_l ⊕ Δ_l·x as at k = 1.
 *
 * Δ is the long-lived secret: a failed check is a Ban, never a retry. Nothing here branches on
 * secret bits.
 */
import { type Rng, randomBytes } from '../encoding/random.ts'
import { MpcError } from '../errors.ts'
import { taggedHash } from '../hash/tagged.ts'
import { TAGS } from '../hash/tags.ts'
import { BASE_OT_COUNT } from './base.ts'
import { bytesToWords, transposeBits, wordsToBytes } from './bits.ts'
import { OT_PARAMS, type OtParams } from './params.ts'
import { prgColumns } from './prg.ts'
import { rowHash } from './rowHash.ts'
import { taggedHashBulk } from './sha256Bulk.ts'

export const KAPPA = BASE_OT_COUNT
/** Useful OTs per extension (ξ = κ + 2λ_s) of the v1 set (`params.ts` has both sets). */
export const XI = OT_PARAMS[1].xi
/** Extended OTs of the v1 set, including the 128 padding rows of the consistency check (ℓ′). */
export const L_PRIME = OT_PARAMS[1].lPrime
const ROW_WORDS = KAPPA / 32 // one row (one extended OT)

/**
 * Extension receiver's part of a pair's OT setup. k = 1: both base-OT pads per column (32 bytes
 * each, κ of each). k = 2: `leaves`, the 4 punctured-PRF leaves of each of the κ/2 blocks (leaf x of
 * block i at 32·(4i + x)).
 */
export type OteReceiverSetup =
  | { readonly seeds0: Uint8Array; readonly seeds1: Uint8Array }
  | { readonly leaves: Uint8Array }
/**
 * Extension sender's part: Δ (32 bytes, bit l LSB first) and its seeds. k = 1: k_{Δ_l} per column
 * (κ × 32 bytes). k = 2: per block i the leaves x = m ⊕ Δ_i for m = 1, 2, 3 (at 32·(3i + m − 1)).
 */
export type OteSenderSetup = { readonly delta: Uint8Array; readonly seeds: Uint8Array }

/**
 * The receiver's one message: u (κ columns × ℓ′ bits), x̂ (128 bits) and, in `tHat`, the digest
 * H(sid, t̂) of t̂ (128 × κ bits) instead of t̂ itself: the sender recomputes t̂ = acc ⊕ x̂·Δ and
 * compares digests, which is the same equality test (SHA-256 collision resistance) in 32 bytes
 * instead of 4 KiB (docs/THRESHOLD.md#security-parameters).
 */
export type OteMessage = {
  readonly u: Uint8Array
  readonly xHat: Uint8Array
  readonly tHat: Uint8Array
}

/** Field sizes of the receiver's message under a parameter set: u is κ/k columns of ℓ′ bits. */
export function oteMessageBytes(params: OtParams = OT_PARAMS[1]) {
  return { u: (params.kappa / params.k) * (params.lPrime / 8), xHat: 16, tHat: 32 }
}
/** The v1 sizes (k = 1). */
export const OTE_MESSAGE_BYTES = oteMessageBytes(OT_PARAMS[1])

/** The committed check value: H(sid, t̂), t̂ as 128 × κ bits (little-endian words). */
function checkDigest(sid: Uint8Array, acc: Uint32Array): Uint8Array {
  const bytes = wordsToBytes(acc)
  const digest = taggedHashBulk(TAGS.otExtCheck, sid, bytes)
  bytes.fill(0)
  return digest
}

export type Pair = { readonly self: number; readonly peer: number }

function prgNonce(sid: Uint8Array): Uint8Array {
  return taggedHash(TAGS.otExtPrg, sid).subarray(0, 12)
}

/**
 * χ_0..χ_3 ∈ GF(2^128) from H(sid, u): after u is fixed, as the corrected check requires. The
 * 20 KiB of u are hashed once into a digest, and the 512 challenge bits are expanded from it (two
 * short hashes whose length prefixes differ from the first's): hashing u once per block cost a
 * second pass over it on both sides of every OT extension.
 */
function challenge(sid: Uint8Array, u: Uint8Array): Uint32Array {
  const digest = taggedHashBulk(TAGS.otExtChi, sid, u)
  const h0 = taggedHash(TAGS.otExtChi, digest, Uint8Array.of(0))
  const h1 = taggedHash(TAGS.otExtChi, digest, Uint8Array.of(1))
  const out = new Uint32Array(16)
  out.set(bytesToWords(h0), 0)
  out.set(bytesToWords(h1), 8)
  return out
}

/**
 * Extension receiver (KOS Fig. 10 steps 1–3 with SoftSpokenOT's check): random choices x ∈ {0,1}^ℓ′,
 * t_l and the per-column (k = 1) or per-block (k = 2) corrections u ⊕ x. Returns the message, the ξ
 * useful choice bits and the rows t_j (ξ × κ bits) of the extended OTs. Both outputs are secret.
 */
export function oteReceive(
  setup: OteReceiverSetup,
  sid: Uint8Array,
  rng?: Rng,
  params: OtParams = OT_PARAMS[1],
) {
  const { lPrime, xi } = params
  const colWords = lPrime / 32
  const nonce = prgNonce(sid)
  const x = bytesToWords(randomBytes(lPrime / 8, rng))
  const t = new Uint32Array(KAPPA * colWords)
  const u = new Uint32Array((KAPPA / params.k) * colWords)
  if (params.k === 1) {
    if (!('seeds0' in setup)) throw new RangeError('OT extension: k = 1 needs seeds0 and seeds1')
    prgColumns(setup.seeds0, KAPPA, nonce, colWords, t)
    prgColumns(setup.seeds1, KAPPA, nonce, colWords, u)
    for (let l = 0; l < KAPPA; l++) {
      const o = l * colWords
      for (let i = 0; i < colWords; i++)
        u[o + i] = (t[o + i] as number) ^ (u[o + i] as number) ^ (x[i] as number)
    }
  } else {
    if (!('leaves' in setup) || setup.leaves.length !== 32 * 2 * KAPPA)
      throw new RangeError(`OT extension: k = 2 needs ${32 * 2 * KAPPA} bytes of leaves`)
    const r = new Uint32Array(2 * KAPPA * colWords)
    prgColumns(setup.leaves, 2 * KAPPA, nonce, colWords, r)
    for (let i = 0; i < KAPPA / 2; i++) {
      const o = 4 * i * colWords
      const t0 = 2 * i * colWords
      const t1 = t0 + colWords
      const ui = i * colWords
      for (let w = 0; w < colWords; w++) {
        const r0 = r[o + w] as number
        const r1 = r[o + colWords + w] as number
        const r2 = r[o + 2 * colWords + w] as number
        const r3 = r[o + 3 * colWords + w] as number
        t[t0 + w] = r1 ^ r3
        t[t1 + w] = r2 ^ r3
        u[ui + w] = r0 ^ r1 ^ r2 ^ r3 ^ (x[w] as number)
      }
    }
    r.fill(0)
  }
  const rows = transposeBits(t, KAPPA, lPrime)
  t.fill(0)
  const uBytes = wordsToBytes(u)
  const { acc, xHat } = rowHash(rows, challenge(sid, uBytes), xi, x)
  const message: OteMessage = { u: uBytes, xHat: wordsToBytes(xHat), tHat: checkDigest(sid, acc) }
  acc.fill(0)
  const choices = x.slice(0, xi / 32)
  x.fill(0)
  const useful = rows.slice(0, xi * ROW_WORDS)
  rows.fill(0)
  return { message, choices, rows: useful }
}

function expectLength(value: unknown, length: number, title: string, pair: Pair): Uint8Array {
  if (!(value instanceof Uint8Array) || value.length !== length) {
    throw new MpcError('Malformed', `OT extension: "${title}" expected ${length} bytes`, {
      culprit: pair.peer,
    })
  }
  return value
}

/**
 * Extension sender: q_l = w_l ⊕ Δ_l·u_l (w_l = G(k_{Δ_l}) at k = 1, the block sums of the
 * punctured PRF at k = 2), then the consistency check q̂ = t̂ ⊕ x̂·Δ (on the digest of t̂, see
 * OteMessage). Any mismatch can leak bits of Δ to a cheating receiver if ignored: Ban the pair
 * (docs/THRESHOLD.md). Returns the rows q_j = t_j ⊕ x_j·Δ of the ξ useful OTs.
 */
export function oteSend(
  setup: OteSenderSetup,
  sid: Uint8Array,
  message: OteMessage,
  pair: Pair,
  params: OtParams = OT_PARAMS[1],
) {
  const { lPrime, xi } = params
  const colWords = lPrime / 32
  const sizes = oteMessageBytes(params)
  const uBytes = expectLength(message?.u, sizes.u, 'u', pair)
  const xHat = bytesToWords(expectLength(message.xHat, sizes.xHat, 'xHat', pair))
  const tHat = expectLength(message.tHat, sizes.tHat, 'tHat', pair)
  const slots = params.k === 1 ? KAPPA : (3 * KAPPA) / 2
  if (setup.seeds.length !== 32 * slots)
    throw new RangeError(`OT extension: sender seeds expected ${32 * slots} bytes`)
  const nonce = prgNonce(sid)
  const u = bytesToWords(uBytes)
  const delta = bytesToWords(setup.delta)
  const q = new Uint32Array(KAPPA * colWords)
  if (params.k === 1) {
    prgColumns(setup.seeds, KAPPA, nonce, colWords, q)
    for (let l = 0; l < KAPPA; l++) {
      const m = -(((delta[l >>> 5] as number) >>> (l & 31)) & 1)
      const o = l * colWords
      for (let i = 0; i < colWords; i++)
        q[o + i] = (q[o + i] as number) ^ ((u[o + i] as number) & m)
    }
  } else {
    const s = new Uint32Array(slots * colWords)
    prgColumns(setup.seeds, slots, nonce, colWords, s)
    for (let i = 0; i < KAPPA / 2; i++) {
      const l0 = 2 * i
      const m0 = -(((delta[l0 >>> 5] as number) >>> (l0 & 31)) & 1)
      const m1 = -(((delta[l0 >>> 5] as number) >>> ((l0 + 1) & 31)) & 1)
      const o = 3 * i * colWords
      const q0 = l0 * colWords
      const q1 = q0 + colWords
      const ui = i * colWords
      for (let w = 0; w < colWords; w++) {
        const s1 = s[o + w] as number
        const s2 = s[o + colWords + w] as number
        const s3 = s[o + 2 * colWords + w] as number
        const c = u[ui + w] as number
        q[q0 + w] = s1 ^ s3 ^ (c & m0)
        q[q1 + w] = s2 ^ s3 ^ (c & m1)
      }
    }
    s.fill(0)
  }
  const rows = transposeBits(q, KAPPA, lPrime)
  q.fill(0)
  const { acc } = rowHash(rows, challenge(sid, uBytes), xi)
  // Expected: H(sid, acc ⊕ x̂·Δ) = H(sid, t̂), with acc[b] ⊕= x̂_b·Δ for every bit b of the
  // GF(2^128) element; no branch on Δ, no early exit.
  for (let b = 0; b < 128; b++) {
    const m = -(((xHat[b >>> 5] as number) >>> (b & 31)) & 1)
    for (let i = 0; i < ROW_WORDS; i++) {
      const o = b * ROW_WORDS + i
      acc[o] = (acc[o] as number) ^ ((delta[i] as number) & m)
    }
  }
  const expected = checkDigest(sid, acc)
  let diff = 0
  for (let i = 0; i < 32; i++) diff |= (expected[i] as number) ^ (tHat[i] as number)
  acc.fill(0)
  delta.fill(0)
  if (diff !== 0) {
    rows.fill(0)
    throw new MpcError(
      'Ban',
      `OT extension: consistency check failed for the receiver ${pair.peer}`,
      {
        culprit: pair.peer,
        pair: pairOf(pair),
      },
    )
  }
  const useful = rows.slice(0, xi * ROW_WORDS)
  rows.fill(0)
  return { rows: useful }
}

/** The pair a Ban names: both indices, ascending (its OT state is shared by both directions). */
export function pairOf(pair: Pair): readonly [number, number] {
  return pair.self < pair.peer ? [pair.self, pair.peer] : [pair.peer, pair.self]
}
