/**
 * Random vector OLE over Z_q from the OT extension (docs/THRESHOLD.md#random-vector-ole; DKLs23 §5,
 * π_RVOLE, after DKLs19 Protocol 1 with the forced-reuse and single-message check of DKLs23 §5.1).
 * Alice (OTE sender) inputs a = (a_1, a_2) and gets c; Bob (OTE receiver) gets a random
 * χ = Σ_j β_j·g_j he does not choose, and d, with c + d = a·χ. Alice pads with one scalar â,
 * commits to the per-row check values μ_j = ẑ_j + ⟨θ, z_j⟩ through μ̂ = H(μ), θ = H(sid, ã) ∈ Z_q^ℓ;
 * Bob recomputes μ from his side and a mismatch is a Ban. One â and a random linear combination
 * instead of ℓ pads checked coordinate by coordinate: each row carries ℓ + 1 corrections instead
 * of 2ℓ, and a row whose correction differs from the others in any input coordinate still passes
 * only for a fraction 1/q of the θ (docs/THRESHOLD.md#random-vector-ole). Must never reveal Δ, β,
 * â or the OT rows.
 */

import { type Rng, randomBytes } from '../encoding/random.ts'
import { MpcError } from '../errors.ts'
import { taggedHash } from '../hash/tagged.ts'
import { TAGS } from '../hash/tags.ts'
import { fromLimbs, toLimbs } from '../limbs/limbs24.ts'
import { bytesToWords, getBit } from '../ot/bits.ts'
import { type Pair, pairOf, XI } from '../ot/extension.ts'
import { OT_PARAMS } from '../ot/params.ts'
import { chachaBlocks } from '../ot/prg.ts'
import { taggedHashBulk } from '../ot/sha256Bulk.ts'
import { sha256Block } from '../ot/sha256Short.ts'
import { aTildeTo } from './aTildeKernel.ts'
import {
  alphaLimbs,
  bytesToLimbs,
  gadgetLimbs,
  isCanonicalAt,
  LIMBS,
  PAD_LIMBS,
  padLimbs,
  thetaTable,
} from './limbs.ts'
import { muPairTo } from './muKernel.ts'
import { hashToScalars, modQ, Q, readScalar, viewOf, writeScalar } from './scalars.ts'
import { mulAcc, weakReduce } from './wideKernels.ts'

/** ℓ: Alice's inputs per instance, (r_i, sk_i) in DKLs23 signing. */
export const VOLE_INPUTS = 2
/** Scalars per OT row: a (ℓ) and the check pad â (one). */
const WIDTH = VOLE_INPUTS + 1
const ROW_WORDS = 8

/** Alice → Bob: ã (ξ × 3 scalars, the correlated-OT corrections), η̃ (one scalar), μ̂ (32 bytes). */
export type VoleMessage = {
  readonly aTilde: Uint8Array
  readonly eta: Uint8Array
  readonly muHat: Uint8Array
}
/** Field sizes of Alice's message for ξ rows (512 in the v1 parameter set, 416 in v2). */
export function voleMessageBytes(xi: number = XI) {
  return { aTilde: xi * WIDTH * 32, eta: 32, muHat: 32 }
}
/** The v1 sizes (ξ = 512). */
export const VOLE_MESSAGE_BYTES = voleMessageBytes(XI)

/** ξ of a gadget vector: one of the parameter sets' (docs/THRESHOLD.md#security-parameters). */
function rowsOf(gadget: readonly bigint[]): number {
  const xi = gadget.length
  if (xi !== OT_PARAMS[1].xi && xi !== OT_PARAMS[2].xi)
    throw new RangeError(
      `"gadget" expected ${OT_PARAMS[1].xi} or ${OT_PARAMS[2].xi} scalars, got ${xi}`,
    )
  return xi
}

/**
 * The public gadget vector g_j = H_g(sid, j), j < ξ (computed once per pair setup). The v2 vector
 * (ξ = 416) is the first 416 entries of the v1 one for the same sid.
 */
export function gadgetVector(setupSid: Uint8Array, xi: number = XI): bigint[] {
  const g: bigint[] = []
  for (let j = 0; j < xi; j++) {
    const [gj] = hashToScalars(TAGS.voleGadget, 1, setupSid, Uint8Array.of(j >>> 8, j & 0xff))
    g.push(gj as bigint)
  }
  return g
}

const ZERO_NONCE = new Uint32Array(3)
const PAD_WORDS = 48 // 3 ChaCha20 blocks: 4 pads of 384 bits
/** Limbs of Σ_j g_j·z_j: below 2^531 for ξ = 512 rows (wideKernels.ts). */
const ACC_LIMBS = 23
const ZERO = new Float64Array(LIMBS)
/** Scratch space for `rowPad`: ChaCha output, K as words, the block words, SHA-256 state, digest, key words. */
function padScratch(sid: Uint8Array) {
  const words = new Uint32Array(PAD_WORDS)
  // H(sid, j, row) = SHA-256(K ‖ j ‖ row) with K the first 128 bits of the tagged hash of sid:
  // 50 bytes, one compression per row; K separates sids and domains (2^-64 collision bound).
  const prefix = taggedHash(TAGS.otExtRow, sid)
  const view = new DataView(prefix.buffer, prefix.byteOffset, 16)
  return {
    words,
    k: Int32Array.of(view.getInt32(0), view.getInt32(4), view.getInt32(8), view.getInt32(12)),
    schedule: new Int32Array(16),
    state: new Int32Array(8),
    digest: new Uint32Array(8),
    rowView: new Uint32Array(8),
  }
}
type PadScratch = ReturnType<typeof padScratch>

/**
 * Random-OT pad of row j: the correlation-robust hash H(sid, j, row) (KOS §3, a tweakable CR hash
 * in the random-oracle model) keys ChaCha20, whose 48 bytes per entry are read as a 384-bit integer
 * (not reduced here: every use is reduced mod q later, and 384 bits keep the bias below 2^-128).
 * The row is the 8 words of `words` from `at`. Writes the first WIDTH pads of the row as 16 limbs
 * each into `out` (limbs.ts, padLimbs; the fourth 384 bits of the three blocks are unused).
 */
function rowPad(j: number, words: Uint32Array, at: number, out: Float64Array, s: PadScratch): void {
  // The padded block of K ‖ j (2 bytes) ‖ row (32 bytes, each word little-endian) as big-endian
  // words (FIPS 180-4 §5.1.1: 0x80, zeros, the 400-bit length): the row starts 2 bytes into w[4].
  const w = s.schedule
  w[0] = s.k[0] as number
  w[1] = s.k[1] as number
  w[2] = s.k[2] as number
  w[3] = s.k[3] as number
  let prev = byteSwap(words[at] as number)
  w[4] = (j << 16) | (prev >>> 16)
  for (let i = 1; i < 8; i++) {
    const next = byteSwap(words[at + i] as number)
    w[4 + i] = (prev << 16) | (next >>> 16)
    prev = next
  }
  w[12] = (prev << 16) | 0x8000
  w[13] = 0
  w[14] = 0
  w[15] = 8 * 50
  sha256Block(w, s.digest, s.state)
  // ChaCha20 reads its key as little-endian words of the digest bytes (RFC 8439 §2.3).
  for (let i = 0; i < 8; i++) s.rowView[i] = byteSwap(s.digest[i] as number)
  chachaBlocks(s.rowView, ZERO_NONCE, 0, 3, s.words)
  padLimbs(s.words, out, WIDTH)
}

function byteSwap(w: number): number {
  return ((w << 24) | ((w & 0xff00) << 8) | ((w >>> 8) & 0xff00) | (w >>> 24)) >>> 0
}

/**
 * θ = H(sid, ã) (DKLs23 §5.1): one pass over the 64 KiB of ã gives a transcript digest, from which
 * the two scalars are drawn (the digest's own length prefix keeps the two hash shapes apart).
 */
function theta(sid: Uint8Array, aTilde: Uint8Array): [bigint, bigint] {
  const transcript = taggedHashBulk(TAGS.voleTheta, sid, aTilde)
  return hashToScalars(TAGS.voleTheta, 2, transcript) as [bigint, bigint]
}

/** Best-effort wipe of the pad scratch (ChaCha output, block words, SHA-256 state, digest, key words). */
function wipe(s: PadScratch): void {
  s.words.fill(0)
  s.schedule.fill(0)
  s.state.fill(0)
  s.digest.fill(0)
  s.rowView.fill(0)
}

function malformed(pair: Pair, what: string): MpcError {
  return new MpcError('Malformed', `vOLE: ${what}`, { culprit: pair.peer })
}

/**
 * Bob's χ = Σ_j β_j·g_j from his OTE choice bits (known after his first message). On limbs: each
 * row adds β_j·g_j limb by limb (β_j ∈ {0, 1} multiplies, no branch), so the work is the same for
 * any β; only the final sum (a value below 2^273, not the bits) becomes a bigint. Limb sums stay
 * below 512·2^24 = 2^33, exact in float64.
 */
export function voleChi(gadget: readonly bigint[], choices: Uint32Array): bigint {
  const xi = rowsOf(gadget)
  const g = gadgetLimbs(gadget)
  const acc = new Float64Array(LIMBS)
  for (let j = 0; j < xi; j++) {
    const beta = getBit(choices, j)
    const o = LIMBS * j
    for (let i = 0; i < LIMBS; i++) acc[i] = (acc[i] as number) + beta * (g[o + i] as number)
  }
  const chi = fromLimbs(acc, LIMBS) % Q
  acc.fill(0)
  return chi
}

/** Alice keeps per row, for μ after θ: weak z_1, z_2 (11 limbs each) and the pad ẑ. */
const KEPT = 2 * LIMBS + PAD_LIMBS

/**
 * Alice: from her OTE rows q_j and Δ, input a = (a_1, a_2); returns c with c + d = a·χ and the
 * message for Bob. The mod-q work runs on 24-bit limbs (limbs.ts and the kernels): bit for bit the
 * canonical values of the BigInt formulas in the comments, without BigInt in the row loop.
 */
export function voleSend(args: {
  readonly gadget: readonly bigint[]
  readonly sid: Uint8Array
  readonly rows: Uint32Array
  readonly delta: Uint8Array
  readonly inputs: readonly [bigint, bigint]
  readonly rng?: Rng | undefined
}): { c: [bigint, bigint]; message: VoleMessage } {
  const { sid, rows } = args
  const xi = rowsOf(args.gadget)
  if (rows.length !== xi * ROW_WORDS)
    throw new RangeError(`"rows" expected ${xi * ROW_WORDS} words`)
  const sizes = voleMessageBytes(xi)
  const g = gadgetLimbs(args.gadget)
  const delta = bytesToWords(args.delta)
  const [a1, a2] = args.inputs
  const hatBytes = randomBytes(32, args.rng)
  const hat = readScalar(hatBytes, 0) % Q
  hatBytes.fill(0)
  const alpha = alphaLimbs([a1, a2, hat])
  const p0 = new Float64Array(WIDTH * PAD_LIMBS)
  const p1 = new Float64Array(WIDTH * PAD_LIMBS)
  const kept = new Float64Array(xi * KEPT)
  const c1 = new Float64Array(ACC_LIMBS)
  const c2 = new Float64Array(ACC_LIMBS)
  const scratch = padScratch(sid)
  const other = new Uint32Array(ROW_WORDS)
  const aTilde = new Uint8Array(sizes.aTilde)
  const aView = viewOf(aTilde)
  for (let j = 0; j < xi; j++) {
    const at = j * ROW_WORDS
    for (let i = 0; i < ROW_WORDS; i++) other[i] = (rows[at + i] as number) ^ (delta[i] as number)
    rowPad(j, rows, at, p0, scratch)
    rowPad(j, other, 0, p1, scratch)
    // Correlated OT: Alice's output is z_j = −p0_j, Bob's p_{β_j} + β_j·ã_j, sum β_j·α.
    // ã_{j,k} = (p0 − p1 + α_k) mod q.
    for (let k = 0; k < WIDTH; k++) {
      aTildeTo(aView, 32 * (WIDTH * j + k), p0, p1, PAD_LIMBS * k, alpha, 17 * k)
    }
    // c_k −= g_j·p0_{j,k} (negated at the end), on p0 folded below 2^266.
    const o = KEPT * j
    weakReduce(p0, 0, kept, o)
    weakReduce(p0, PAD_LIMBS, kept, o + LIMBS)
    mulAcc(c1, g, LIMBS * j, kept, o)
    mulAcc(c2, g, LIMBS * j, kept, o + LIMBS)
    for (let i = 0; i < PAD_LIMBS; i++) kept[o + 2 * LIMBS + i] = p0[2 * PAD_LIMBS + i] as number
  }
  wipe(scratch)
  other.fill(0)
  delta.fill(0)
  p0.fill(0)
  p1.fill(0)
  alpha.fill(0)
  // DKLs23 §5.1 with one pad: θ from the transcript, η̃ = â + ⟨θ, a⟩, μ_j = ẑ_j + ⟨θ, z_j⟩,
  // sent as μ̂ = H(μ).
  const [t1, t2] = theta(sid, aTilde)
  const eta = new Uint8Array(sizes.eta)
  writeScalar(modQ(hat + t1 * a1 + t2 * a2), eta, 0)
  const thetas = [thetaTable(t1), thetaTable(t2)] as const
  const mu = new Uint8Array(xi * 32)
  const muView = viewOf(mu)
  for (let j = 0; j < xi; j++) {
    // μ_j = −(p0_{j,2} + θ_1·p0_{j,0} + θ_2·p0_{j,1}) mod q.
    const o = KEPT * j
    muPairTo(muView, 32 * j, kept, o + 2 * LIMBS, kept, o, thetas, ZERO, 0)
  }
  kept.fill(0)
  const muHat = taggedHashBulk(TAGS.voleMu, sid, mu)
  mu.fill(0)
  const c: [bigint, bigint] = [modQ(-fromLimbs(c1, ACC_LIMBS)), modQ(-fromLimbs(c2, ACC_LIMBS))]
  c1.fill(0)
  c2.fill(0)
  return { c, message: { aTilde, eta, muHat } }
}

/**
 * Bob: finishes with his OTE rows t_j and choice bits β; returns d with c + d = a·χ. A failed
 * μ̂ check means Alice used different inputs across rows (a selective-failure probe of β): Ban.
 */
export function voleReceive(args: {
  readonly gadget: readonly bigint[]
  readonly sid: Uint8Array
  readonly rows: Uint32Array
  readonly choices: Uint32Array
  readonly message: VoleMessage
  readonly pair: Pair
}): { d: [bigint, bigint] } {
  const { sid, rows, choices, message, pair } = args
  const xi = rowsOf(args.gadget)
  if (rows.length !== xi * ROW_WORDS)
    throw new RangeError(`"rows" expected ${xi * ROW_WORDS} words`)
  const sizes = voleMessageBytes(xi)
  const aTilde = message?.aTilde
  if (!(aTilde instanceof Uint8Array) || aTilde.length !== sizes.aTilde) {
    throw malformed(pair, `"aTilde" expected ${sizes.aTilde} bytes`)
  }
  if (!(message.eta instanceof Uint8Array) || message.eta.length !== sizes.eta) {
    throw malformed(pair, `"eta" expected ${sizes.eta} bytes`)
  }
  if (!(message.muHat instanceof Uint8Array) || message.muHat.length !== 32) {
    throw malformed(pair, '"muHat" expected 32 bytes')
  }
  const eta1 = readScalar(message.eta, 0)
  if (eta1 >= Q) throw malformed(pair, '"eta" is not a canonical scalar')
  const [t1, t2] = theta(sid, aTilde)
  // ã is public: checked in index order (the first non-canonical index is the one reported).
  const corr = new Float64Array(xi * WIDTH * LIMBS)
  for (let i = 0; i < xi * WIDTH; i++) {
    if (!isCanonicalAt(aTilde, 32 * i)) {
      throw malformed(pair, `"aTilde"[${i}] is not a canonical scalar`)
    }
    bytesToLimbs(aTilde, 32 * i, corr, LIMBS * i)
  }
  const g = gadgetLimbs(args.gadget)
  const etas = new Float64Array(LIMBS)
  toLimbs(eta1, etas, 0, LIMBS)
  const thetas = [thetaTable(t1), thetaTable(t2)] as const
  const pad = new Float64Array(WIDTH * PAD_LIMBS)
  const z = new Float64Array(WIDTH * PAD_LIMBS)
  const weak = new Float64Array(2 * LIMBS)
  const e = new Float64Array(LIMBS)
  const d1 = new Float64Array(ACC_LIMBS)
  const d2 = new Float64Array(ACC_LIMBS)
  const scratch = padScratch(sid)
  const mu = new Uint8Array(xi * 32)
  const muView = viewOf(mu)
  for (let j = 0; j < xi; j++) {
    rowPad(j, rows, j * ROW_WORDS, pad, scratch)
    // β_j as 0 or 1 multiplies limbs: no branch and no index on it.
    const beta = getBit(choices, j)
    // z_{j,k} = pad_{j,k} + β_j·ã_{j,k}, limb by limb (below 2^25 each, not carried).
    for (let k = 0; k < WIDTH; k++) {
      const o = PAD_LIMBS * k
      const a = LIMBS * (WIDTH * j + k)
      for (let i = 0; i < LIMBS; i++)
        z[o + i] = (pad[o + i] as number) + beta * (corr[a + i] as number)
      for (let i = LIMBS; i < PAD_LIMBS; i++) z[o + i] = pad[o + i] as number
    }
    for (let i = 0; i < LIMBS; i++) e[i] = beta * (etas[i] as number)
    // d_k += g_j·z_{j,k}; μ_j = β_j·η̃ − (z_{j,2} + θ_1·z_{j,0} + θ_2·z_{j,1}) mod q.
    weakReduce(z, 0, weak, 0)
    weakReduce(z, PAD_LIMBS, weak, LIMBS)
    mulAcc(d1, g, LIMBS * j, weak, 0)
    mulAcc(d2, g, LIMBS * j, weak, LIMBS)
    muPairTo(muView, 32 * j, z, 2 * PAD_LIMBS, weak, 0, thetas, e, 0)
  }
  wipe(scratch)
  pad.fill(0)
  z.fill(0)
  weak.fill(0)
  e.fill(0)
  const expected = taggedHashBulk(TAGS.voleMu, sid, mu)
  mu.fill(0)
  let diff = 0
  for (let i = 0; i < 32; i++) diff |= (expected[i] as number) ^ (message.muHat[i] as number)
  if (diff !== 0) {
    d1.fill(0)
    d2.fill(0)
    throw new MpcError('Ban', `vOLE: consistency check failed for the sender ${pair.peer}`, {
      culprit: pair.peer,
      pair: pairOf(pair),
    })
  }
  const d: [bigint, bigint] = [fromLimbs(d1, ACC_LIMBS) % Q, fromLimbs(d2, ACC_LIMBS) % Q]
  d1.fill(0)
  d2.fill(0)
  return { d }
}
