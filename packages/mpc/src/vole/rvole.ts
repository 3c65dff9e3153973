/**
 * Random vector OLE over Z_q from the OT extension (THRESHOLD.md "Random vector OLE"; DKLs23 §5,
 * π_RVOLE, after DKLs19 Protocol 1 with the forced-reuse and single-message check of DKLs23 §5.1).
 * Alice (OTE sender) inputs a = (a_1, a_2) and gets c; Bob (OTE receiver) gets a random
 * χ = Σ_j β_j·g_j he does not choose, and d, with c + d = a·χ. Alice pads with â, commits to the
 * per-row check values μ_j = ẑ_j + θ⊙z_j through μ̂ = H(μ), θ = H(sid, ã); Bob recomputes μ from
 * his side and a mismatch is a Ban. Must never reveal Δ, β, â or the OT rows.
 */

import { type Rng, randomBytes } from '../encoding/random.ts'
import { MpcError } from '../errors.ts'
import { taggedHash } from '../hash/tagged.ts'
import { TAGS } from '../hash/tags.ts'
import { bytesToWords, getBit } from '../ot/bits.ts'
import { type Pair, pairOf, XI } from '../ot/extension.ts'
import { chachaBlocks } from '../ot/prg.ts'
import { sha256Scratch, sha256Short } from '../ot/sha256Short.ts'
import {
  fromLimbs,
  LIMBS,
  limbScratch,
  mulAcc,
  mulTableAcc,
  productTable,
  readLimbs,
  reduce,
  toLimbs,
  writeLimbs,
} from './limbs.ts'
import { hashToScalars, modQ, Q, readScalar } from './scalars.ts'

/** ℓ: Alice's inputs per instance, (r_i, sk_i) in DKLs23 signing. */
export const VOLE_INPUTS = 2
/** Scalars per OT row: a (ℓ) and the check pad â (ℓ). */
const WIDTH = 2 * VOLE_INPUTS
const ROW_WORDS = 8
/** Limbs of one 384-bit pad and of one row's unreduced payload (WIDTH pads). */
const PAD_LIMBS = 24
const ROW_LIMBS = WIDTH * PAD_LIMBS

/** Alice → Bob: ã (ξ × 4 scalars, the correlated-OT corrections), η̃ (ℓ scalars), μ̂ (32 bytes). */
export type VoleMessage = {
  readonly aTilde: Uint8Array
  readonly eta: Uint8Array
  readonly muHat: Uint8Array
}
export const VOLE_MESSAGE_BYTES = { aTilde: XI * WIDTH * 32, eta: VOLE_INPUTS * 32, muHat: 32 }

/** The public gadget vector g_j = H_g(sid, j), j < ξ, as ξ × 16 limbs (once per pair setup). */
export type Gadget = Float64Array

export function gadgetVector(setupSid: Uint8Array): Gadget {
  const g = new Float64Array(XI * LIMBS)
  for (let j = 0; j < XI; j++) {
    const [gj] = hashToScalars(TAGS.voleGadget, 1, setupSid, Uint8Array.of(j >>> 8, j & 0xff))
    g.set(toLimbs(gj as bigint), j * LIMBS)
  }
  return g
}

const ZERO_NONCE = new Uint32Array(3)
const PAD_WORDS = 48 // 3 ChaCha20 blocks: 4 pads of 384 bits
/** q·2^129 > 2^384: added to p0 − p1 keeps ã's sum non-negative before the reduction. */
const M_PAD = toLimbs(Q << 129n, PAD_LIMBS + 1)
/** q·2^64: larger than any μ sum below, so q·2^64 − sum is a non-negative negation. */
const M_MU = toLimbs(Q << 64n, 20)
/** 2^(16i) mod q for i < 24: folds the high limbs of an unreduced pad into 16 columns. */
const ONE_TABLE = productTable(1n, PAD_LIMBS)

/** Scratch space for the row pads and the limb arithmetic, allocated once per call. */
function padScratch(sid: Uint8Array) {
  // H(sid, j, row) = SHA-256(K ‖ j ‖ row) with K the first 128 bits of the tagged hash of sid:
  // 50 bytes, one compression per row; K separates sids and domains (2^-64 collision bound).
  const prefix = taggedHash(TAGS.otExtRow, sid)
  const input = new Uint8Array(16 + 2 + 32)
  input.set(prefix.subarray(0, 16), 0)
  return {
    words: new Uint32Array(PAD_WORDS),
    input,
    digest: new Uint32Array(8),
    sha: sha256Scratch(),
    key: new Uint32Array(8),
    t: new Float64Array(48),
    limbs: limbScratch(),
  }
}
type PadScratch = ReturnType<typeof padScratch>

/**
 * Random-OT pads of row j: the correlation-robust hash H(sid, j, row) (KOS §3, a tweakable CR hash
 * in the random-oracle model) keys ChaCha20; each of the 4 payload scalars takes 48 bytes, read as
 * a 384-bit integer (64-bit word m, m = 0 most significant, is ChaCha words 2m + 1 ‖ 2m) and used
 * mod q (bias below 2^-128, THRESHOLD.md "Conventions"). Writes 4 × 24 unreduced limbs at `outOff`:
 * every use below reduces mod q at the end, so the pads themselves are never reduced.
 */
function rowPad(j: number, row: Uint32Array, out: Float64Array, outOff: number, s: PadScratch) {
  const input = s.input
  input[16] = j >>> 8
  input[17] = j & 0xff
  for (let i = 0; i < 8; i++) {
    const w = row[i] as number
    const o = 18 + 4 * i
    input[o] = w & 0xff
    input[o + 1] = (w >>> 8) & 0xff
    input[o + 2] = (w >>> 16) & 0xff
    input[o + 3] = w >>> 24
  }
  sha256Short(input, input.length, s.digest, s.sha)
  // ChaCha20 reads its key as little-endian words of the digest bytes (RFC 8439 §2.3).
  for (let i = 0; i < 8; i++) s.key[i] = byteSwap(s.digest[i] as number)
  chachaBlocks(s.key, ZERO_NONCE, 0, 3, s.words)
  const w = s.words
  for (let k = 0; k < WIDTH; k++) {
    for (let m = 0; m < 6; m++) {
      const lo = w[12 * k + 2 * m] as number
      const hi = w[12 * k + 2 * m + 1] as number
      const o = outOff + k * PAD_LIMBS + 4 * (5 - m)
      out[o] = lo & 0xffff
      out[o + 1] = lo >>> 16
      out[o + 2] = hi & 0xffff
      out[o + 3] = hi >>> 16
    }
  }
}

function byteSwap(w: number): number {
  return ((w << 24) | ((w & 0xff00) << 8) | ((w >>> 8) & 0xff00) | (w >>> 24)) >>> 0
}

/**
 * θ = H(sid, ã) (DKLs23 §5.1): one pass over the 64 KiB of ã gives a transcript digest, from which
 * the two scalars are drawn (the digest's own length prefix keeps the two hash shapes apart).
 */
function theta(sid: Uint8Array, aTilde: Uint8Array): [bigint, bigint] {
  const transcript = taggedHash(TAGS.voleTheta, sid, aTilde)
  return hashToScalars(TAGS.voleTheta, 2, transcript) as [bigint, bigint]
}

/** Best-effort wipe of the pad scratch (ChaCha output, hash input, digest, key, limbs). */
function wipe(s: PadScratch): void {
  s.words.fill(0)
  s.input.fill(0)
  s.digest.fill(0)
  s.key.fill(0)
  s.t.fill(0)
  s.limbs.a.fill(0)
  s.limbs.b.fill(0)
}

function malformed(pair: Pair, what: string): MpcError {
  return new MpcError('Malformed', `vOLE: ${what}`, { culprit: pair.peer })
}

/** Bob's χ = Σ_j β_j·g_j from his OTE choice bits (known after his first message). */
export function voleChi(gadget: Gadget, choices: Uint32Array): bigint {
  const acc = new Float64Array(LIMBS + 1)
  for (let j = 0; j < XI; j++) {
    const beta = getBit(choices, j)
    for (let i = 0; i < LIMBS; i++)
      acc[i] = (acc[i] as number) + beta * (gadget[j * LIMBS + i] as number)
  }
  const out = new Float64Array(LIMBS)
  reduce(acc, LIMBS + 1, out, 0, limbScratch())
  acc.fill(0)
  const chi = fromLimbs(out)
  out.fill(0)
  return chi
}

/** −(value of the 32 accumulated product columns) mod q, as a BigInt (once per call). */
function negatedSum(acc: Float64Array, s: PadScratch): bigint {
  const r = new Float64Array(LIMBS)
  reduce(acc, LIMBS + PAD_LIMBS, r, 0, s.limbs)
  const v = fromLimbs(r)
  r.fill(0)
  return modQ(-v)
}

/**
 * Alice: from her OTE rows q_j and Δ, input a = (a_1, a_2); returns c with c + d = a·χ and the
 * message for Bob.
 */
export function voleSend(args: {
  readonly gadget: Gadget
  readonly sid: Uint8Array
  readonly rows: Uint32Array
  readonly delta: Uint8Array
  readonly inputs: readonly [bigint, bigint]
  readonly rng?: Rng | undefined
}): { c: [bigint, bigint]; message: VoleMessage } {
  const { gadget, sid, rows } = args
  const delta = bytesToWords(args.delta)
  const [a1, a2] = args.inputs
  const hat = randomBytes(96, args.rng)
  const hat1 = readScalar(hat, 0) % Q
  const hat2 = readScalar(hat, 48) % Q
  hat.fill(0)
  const alpha = new Float64Array(WIDTH * LIMBS)
  alpha.set(toLimbs(a1), 0)
  alpha.set(toLimbs(a2), LIMBS)
  alpha.set(toLimbs(hat1), 2 * LIMBS)
  alpha.set(toLimbs(hat2), 3 * LIMBS)
  // z_j = −p0_j is Alice's share of every row; p0 is kept for the μ pass after θ is known.
  const p0 = new Float64Array(XI * ROW_LIMBS)
  const p1 = new Float64Array(ROW_LIMBS)
  const s = padScratch(sid)
  const other = new Uint32Array(ROW_WORDS)
  const aTilde = new Uint8Array(VOLE_MESSAGE_BYTES.aTilde)
  const acc1 = new Float64Array(LIMBS + PAD_LIMBS + 1)
  const acc2 = new Float64Array(LIMBS + PAD_LIMBS + 1)
  const t = s.t
  const out = new Float64Array(LIMBS)
  for (let j = 0; j < XI; j++) {
    const row = rows.subarray(j * ROW_WORDS, (j + 1) * ROW_WORDS)
    for (let i = 0; i < ROW_WORDS; i++) other[i] = (row[i] as number) ^ (delta[i] as number)
    const base = j * ROW_LIMBS
    rowPad(j, row, p0, base, s)
    rowPad(j, other, p1, 0, s)
    for (let k = 0; k < WIDTH; k++) {
      // Correlated OT: Alice's output is z_j = −p0_j, Bob's p_{β_j} + β_j·ã_j, sum β_j·α.
      const o = k * PAD_LIMBS
      for (let i = 0; i < PAD_LIMBS; i++)
        t[i] = (p0[base + o + i] as number) - (p1[o + i] as number) + (M_PAD[i] as number)
      t[PAD_LIMBS] = M_PAD[PAD_LIMBS] as number
      for (let i = 0; i < LIMBS; i++) t[i] = (t[i] as number) + (alpha[k * LIMBS + i] as number)
      reduce(t, PAD_LIMBS + 1, out, 0, s.limbs)
      writeLimbs(out, 0, aTilde, 32 * (WIDTH * j + k))
    }
    // c_k = −Σ_j g_j·p0_{j,k}: column sums stay below ξ·16·2^32 = 2^45.
    mulAcc(gadget, j * LIMBS, LIMBS, p0, base, PAD_LIMBS, acc1)
    mulAcc(gadget, j * LIMBS, LIMBS, p0, base + PAD_LIMBS, PAD_LIMBS, acc2)
  }
  other.fill(0)
  delta.fill(0)
  p1.fill(0)
  alpha.fill(0)
  // DKLs23 §5.1: θ from the transcript, η̃ = â + θ⊙a, μ_j = ẑ_j + θ⊙z_j, sent as μ̂ = H(μ).
  const [t1, t2] = theta(sid, aTilde)
  const eta = new Uint8Array(VOLE_MESSAGE_BYTES.eta)
  eta.set(toBytes(modQ(hat1 + t1 * a1)), 0)
  eta.set(toBytes(modQ(hat2 + t2 * a2)), 32)
  const tables = [productTable(t1, PAD_LIMBS), productTable(t2, PAD_LIMBS)]
  const mu = new Uint8Array(XI * VOLE_INPUTS * 32)
  for (let j = 0; j < XI; j++) {
    const base = j * ROW_LIMBS
    for (let k = 0; k < VOLE_INPUTS; k++) {
      // μ_{j,k} = −(p0_{j,2+k} + θ_k·p0_{j,k}) mod q, as q·2^64 − (…) before one reduction.
      t.fill(0, 0, LIMBS)
      mulTableAcc(p0, base + k * PAD_LIMBS, PAD_LIMBS, tables[k] as Float64Array, t)
      mulTableAcc(p0, base + (2 + k) * PAD_LIMBS, PAD_LIMBS, ONE_TABLE, t)
      for (let i = 0; i < LIMBS; i++) t[i] = (M_MU[i] as number) - (t[i] as number)
      for (let i = LIMBS; i < 20; i++) t[i] = M_MU[i] as number
      reduce(t, 20, out, 0, s.limbs)
      writeLimbs(out, 0, mu, 64 * j + 32 * k)
    }
  }
  const c: [bigint, bigint] = [negatedSum(acc1, s), negatedSum(acc2, s)]
  p0.fill(0)
  acc1.fill(0)
  acc2.fill(0)
  out.fill(0)
  wipe(s)
  const muHat = taggedHash(TAGS.voleMu, sid, mu)
  mu.fill(0)
  return { c, message: { aTilde, eta, muHat } }
}

function toBytes(v: bigint): Uint8Array {
  const out = new Uint8Array(32)
  writeLimbs(toLimbs(v), 0, out, 0)
  return out
}

/**
 * Bob: finishes with his OTE rows t_j and choice bits β; returns d with c + d = a·χ. A failed
 * μ̂ check means Alice used different inputs across rows (a selective-failure probe of β): Ban.
 */
export function voleReceive(args: {
  readonly gadget: Gadget
  readonly sid: Uint8Array
  readonly rows: Uint32Array
  readonly choices: Uint32Array
  readonly message: VoleMessage
  readonly pair: Pair
}): { d: [bigint, bigint] } {
  const { gadget, sid, rows, choices, message, pair } = args
  const aTilde = message?.aTilde
  if (!(aTilde instanceof Uint8Array) || aTilde.length !== VOLE_MESSAGE_BYTES.aTilde) {
    throw malformed(pair, `"aTilde" expected ${VOLE_MESSAGE_BYTES.aTilde} bytes`)
  }
  if (!(message.eta instanceof Uint8Array) || message.eta.length !== VOLE_MESSAGE_BYTES.eta) {
    throw malformed(pair, `"eta" expected ${VOLE_MESSAGE_BYTES.eta} bytes`)
  }
  if (!(message.muHat instanceof Uint8Array) || message.muHat.length !== 32) {
    throw malformed(pair, '"muHat" expected 32 bytes')
  }
  const eta = new Float64Array(VOLE_INPUTS * LIMBS)
  const canonicalEta = readLimbs(message.eta, 0, eta, 0) & readLimbs(message.eta, 32, eta, LIMBS)
  if (canonicalEta !== 1) throw malformed(pair, '"eta" is not a canonical scalar')
  // ã is public: checking it entry by entry before any secret is touched leaks nothing.
  const corr = new Float64Array(LIMBS)
  for (let i = 0; i < XI * WIDTH; i++) {
    if (readLimbs(aTilde, 32 * i, corr, 0) !== 1)
      throw malformed(pair, `"aTilde"[${i}] is not a canonical scalar`)
  }
  const [t1, t2] = theta(sid, aTilde)
  const tables = [productTable(t1, PAD_LIMBS), productTable(t2, PAD_LIMBS)]
  const s = padScratch(sid)
  const z = new Float64Array(ROW_LIMBS)
  const t = s.t
  const mu = new Uint8Array(XI * VOLE_INPUTS * 32)
  const acc1 = new Float64Array(LIMBS + PAD_LIMBS + 1)
  const acc2 = new Float64Array(LIMBS + PAD_LIMBS + 1)
  const out = new Float64Array(LIMBS)
  for (let j = 0; j < XI; j++) {
    rowPad(j, rows.subarray(j * ROW_WORDS, (j + 1) * ROW_WORDS), z, 0, s)
    const beta = getBit(choices, j)
    for (let k = 0; k < WIDTH; k++) {
      // z_{j,k} = p_{β_j} + β_j·ã_{j,k}, unreduced (multiplication by the bit: no branch on β).
      readLimbs(aTilde, 32 * (WIDTH * j + k), corr, 0)
      const o = k * PAD_LIMBS
      for (let i = 0; i < LIMBS; i++) z[o + i] = (z[o + i] as number) + beta * (corr[i] as number)
    }
    // Limbs of z are below 2^17: column sums stay below ξ·16·2^33 = 2^46.
    mulAcc(gadget, j * LIMBS, LIMBS, z, 0, PAD_LIMBS, acc1)
    mulAcc(gadget, j * LIMBS, LIMBS, z, PAD_LIMBS, PAD_LIMBS, acc2)
    for (let k = 0; k < VOLE_INPUTS; k++) {
      // μ_{j,k} = β_j·η̃_k − (z_{j,2+k} + θ_k·z_{j,k}) mod q, as q·2^64 + β·η̃ − (…).
      t.fill(0, 0, LIMBS)
      mulTableAcc(z, k * PAD_LIMBS, PAD_LIMBS, tables[k] as Float64Array, t)
      mulTableAcc(z, (2 + k) * PAD_LIMBS, PAD_LIMBS, ONE_TABLE, t)
      for (let i = 0; i < LIMBS; i++)
        t[i] = (M_MU[i] as number) + beta * (eta[k * LIMBS + i] as number) - (t[i] as number)
      for (let i = LIMBS; i < 20; i++) t[i] = M_MU[i] as number
      reduce(t, 20, out, 0, s.limbs)
      writeLimbs(out, 0, mu, 64 * j + 32 * k)
    }
  }
  const d: [bigint, bigint] = [modQ(-negatedSum(acc1, s)), modQ(-negatedSum(acc2, s))]
  z.fill(0)
  corr.fill(0)
  acc1.fill(0)
  acc2.fill(0)
  out.fill(0)
  wipe(s)
  const expected = taggedHash(TAGS.voleMu, sid, mu)
  mu.fill(0)
  let diff = 0
  for (let i = 0; i < 32; i++) diff |= (expected[i] as number) ^ (message.muHat[i] as number)
  if (diff !== 0) {
    throw new MpcError('Ban', `vOLE: consistency check failed for the sender ${pair.peer}`, {
      culprit: pair.peer,
      pair: pairOf(pair),
    })
  }
  return { d }
}
