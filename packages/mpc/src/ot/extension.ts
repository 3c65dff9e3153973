/**
 * OT extension: KOS (Keller–Orsini–Scholl, CRYPTO 2015, Fig. 10) in the SoftSpokenOT k = 1 form
 * (Roy, CRYPTO 2022) with its corrected, column-wise consistency check over GF(2^128), and a
 * Fiat–Shamir challenge χ = H(sid, u) so the extension stays one message
 * (docs/THRESHOLD.md#security-parameters: κ = 256 base OTs, ξ = 512 useful OTs, ℓ′ = ξ + λ_s = 640
 * extended OTs, λ_s = 128).
 *
 * Roles: the extension *receiver* (vOLE Bob) was the base-OT sender and holds both seeds per
 * column; the extension *sender* (vOLE Alice) holds Δ ∈ {0,1}^κ and k_{Δ_l}. Δ is the long-lived
 * secret: a failed check is a Ban, never a retry. Nothing here branches on secret bits.
 */
import { type Rng, randomBytes } from '../encoding/random.ts'
import { MpcError } from '../errors.ts'
import { taggedHash } from '../hash/tagged.ts'
import { TAGS } from '../hash/tags.ts'
import { BASE_OT_COUNT } from './base.ts'
import { bytesToWords, transposeBits, wordsToBytes } from './bits.ts'
import { prgColumns } from './prg.ts'
import { rowHash } from './rowHash.ts'

export const KAPPA = BASE_OT_COUNT
/** Useful OTs per extension (ξ = κ + 2λ_s). */
export const XI = 512
/** Extended OTs including the λ_s = 128 padding rows of the consistency check (ℓ′). */
export const L_PRIME = 640
const COL_WORDS = L_PRIME / 32 // one column of the κ × ℓ′ matrix
const ROW_WORDS = KAPPA / 32 // one row (one extended OT)
const BLOCKS = XI / 128 // GF(2^128) blocks hashed by χ

/** Extension receiver's part of a pair's OT setup: both base-OT pads per column. */
export type OteReceiverSetup = { readonly seeds0: Uint8Array; readonly seeds1: Uint8Array }
/** Extension sender's part: Δ (32 bytes, bit l = choice of base OT l) and k_{Δ_l} per column. */
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

export const OTE_MESSAGE_BYTES = { u: (KAPPA * L_PRIME) / 8, xHat: 16, tHat: 32 }

/** The committed check value: H(sid, t̂), t̂ as 128 × κ bits (little-endian words). */
function checkDigest(sid: Uint8Array, acc: Uint32Array): Uint8Array {
  const bytes = wordsToBytes(acc)
  const digest = taggedHash(TAGS.otExtCheck, sid, bytes)
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
  const digest = taggedHash(TAGS.otExtChi, sid, u)
  const h0 = taggedHash(TAGS.otExtChi, digest, Uint8Array.of(0))
  const h1 = taggedHash(TAGS.otExtChi, digest, Uint8Array.of(1))
  const out = new Uint32Array(4 * BLOCKS)
  out.set(bytesToWords(h0), 0)
  out.set(bytesToWords(h1), 8)
  return out
}

/**
 * Extension receiver (KOS Fig. 10 steps 1–3 with SoftSpokenOT's check): random choices x ∈ {0,1}^ℓ′,
 * t_l = G(k0_l), u_l = t_l ⊕ G(k1_l) ⊕ x. Returns the message, the ξ useful choice bits and the
 * rows t_j (ξ × κ bits) of the extended OTs. Both outputs are secret.
 */
export function oteReceive(setup: OteReceiverSetup, sid: Uint8Array, rng?: Rng) {
  const nonce = prgNonce(sid)
  const x = bytesToWords(randomBytes(L_PRIME / 8, rng))
  const t = new Uint32Array(KAPPA * COL_WORDS)
  const u = new Uint32Array(KAPPA * COL_WORDS)
  prgColumns(setup.seeds0, KAPPA, nonce, COL_WORDS, t)
  prgColumns(setup.seeds1, KAPPA, nonce, COL_WORDS, u)
  for (let l = 0; l < KAPPA; l++) {
    const o = l * COL_WORDS
    for (let i = 0; i < COL_WORDS; i++)
      u[o + i] = (t[o + i] as number) ^ (u[o + i] as number) ^ (x[i] as number)
  }
  const rows = transposeBits(t, KAPPA, L_PRIME)
  t.fill(0)
  const uBytes = wordsToBytes(u)
  const { acc, xHat } = rowHash(rows, challenge(sid, uBytes), x)
  const message: OteMessage = { u: uBytes, xHat: wordsToBytes(xHat), tHat: checkDigest(sid, acc) }
  acc.fill(0)
  const choices = x.slice(0, XI / 32)
  x.fill(0)
  const useful = rows.slice(0, XI * ROW_WORDS)
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
 * Extension sender: q_l = G(k_{Δ_l}) ⊕ Δ_l·u_l, then the consistency check q̂ = t̂ ⊕ x̂·Δ (on the
 * digest of t̂, see OteMessage). Any
 * mismatch can leak bits of Δ to a cheating receiver if ignored: Ban the pair (docs/THRESHOLD.md).
 * Returns the rows q_j = t_j ⊕ x_j·Δ of the ξ useful OTs.
 */
export function oteSend(setup: OteSenderSetup, sid: Uint8Array, message: OteMessage, pair: Pair) {
  const uBytes = expectLength(message?.u, OTE_MESSAGE_BYTES.u, 'u', pair)
  const xHat = bytesToWords(expectLength(message.xHat, OTE_MESSAGE_BYTES.xHat, 'xHat', pair))
  const tHat = expectLength(message.tHat, OTE_MESSAGE_BYTES.tHat, 'tHat', pair)
  const nonce = prgNonce(sid)
  const u = bytesToWords(uBytes)
  const delta = bytesToWords(setup.delta)
  const q = new Uint32Array(KAPPA * COL_WORDS)
  prgColumns(setup.seeds, KAPPA, nonce, COL_WORDS, q)
  for (let l = 0; l < KAPPA; l++) {
    const m = -(((delta[l >>> 5] as number) >>> (l & 31)) & 1)
    const o = l * COL_WORDS
    for (let i = 0; i < COL_WORDS; i++) q[o + i] = (q[o + i] as number) ^ ((u[o + i] as number) & m)
  }
  const rows = transposeBits(q, KAPPA, L_PRIME)
  q.fill(0)
  const { acc } = rowHash(rows, challenge(sid, uBytes))
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
  const useful = rows.slice(0, XI * ROW_WORDS)
  rows.fill(0)
  return { rows: useful }
}

/** The pair a Ban names: both indices, ascending (its OT state is shared by both directions). */
export function pairOf(pair: Pair): readonly [number, number] {
  return pair.self < pair.peer ? [pair.self, pair.peer] : [pair.peer, pair.self]
}
