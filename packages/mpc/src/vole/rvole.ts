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
  hashToScalars,
  modQ,
  Q,
  readScalar,
  readScalarAt,
  viewOf,
  writeScalar,
  writeScalarAt,
} from './scalars.ts'

/** ℓ: Alice's inputs per instance, (r_i, sk_i) in DKLs23 signing. */
export const VOLE_INPUTS = 2
/** Scalars per OT row: a (ℓ) and the check pad â (ℓ). */
const WIDTH = 2 * VOLE_INPUTS
const ROW_WORDS = 8

/** Alice → Bob: ã (ξ × 4 scalars, the correlated-OT corrections), η̃ (ℓ scalars), μ̂ (32 bytes). */
export type VoleMessage = {
  readonly aTilde: Uint8Array
  readonly eta: Uint8Array
  readonly muHat: Uint8Array
}
export const VOLE_MESSAGE_BYTES = { aTilde: XI * WIDTH * 32, eta: VOLE_INPUTS * 32, muHat: 32 }

/** The public gadget vector g_j = H_g(sid, j), j < ξ (computed once per pair setup). */
export function gadgetVector(setupSid: Uint8Array): bigint[] {
  const g: bigint[] = []
  for (let j = 0; j < XI; j++) {
    const [gj] = hashToScalars(TAGS.voleGadget, 1, setupSid, Uint8Array.of(j >>> 8, j & 0xff))
    g.push(gj as bigint)
  }
  return g
}

const ZERO_NONCE = new Uint32Array(3)
const PAD_WORDS = 48 // 3 ChaCha20 blocks: 4 pads of 384 bits
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1

/** Scratch space for `rowPad`: ChaCha output with a 64-bit view, and the hash input buffer. */
function padScratch(sid: Uint8Array) {
  const words = new Uint32Array(PAD_WORDS)
  // H(sid, j, row) = SHA-256(K ‖ j ‖ row) with K the first 128 bits of the tagged hash of sid:
  // 50 bytes, one compression per row; K separates sids and domains (2^-64 collision bound).
  const prefix = taggedHash(TAGS.otExtRow, sid)
  const input = new Uint8Array(16 + 2 + 32)
  input.set(prefix.subarray(0, 16), 0)
  return {
    words,
    wide: new BigUint64Array(words.buffer),
    input,
    digest: new Uint32Array(8),
    sha: sha256Scratch(),
    rowView: new Uint32Array(8),
  }
}
type PadScratch = ReturnType<typeof padScratch>

/**
 * Random-OT pad of row j: the correlation-robust hash H(sid, j, row) (KOS §3, a tweakable CR hash
 * in the random-oracle model) keys ChaCha20, whose 48 bytes per entry are read as a 384-bit integer
 * (not reduced here: every use is reduced mod q later, and 384 bits keep the bias below 2^-128).
 * Writes pads for the 4 OT payload scalars into `out[4j..4j+4)`.
 */
function rowPad(j: number, row: Uint32Array, out: bigint[], s: PadScratch): void {
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
  for (let i = 0; i < 8; i++) s.rowView[i] = byteSwap(s.digest[i] as number)
  chachaBlocks(s.rowView, ZERO_NONCE, 0, 3, s.words)
  // Byte order of the 64-bit view: swap on big-endian hosts so every platform agrees.
  if (!LITTLE_ENDIAN)
    for (let i = 0; i < PAD_WORDS; i++) s.words[i] = byteSwap(s.words[i] as number)
  const w = s.wide
  for (let k = 0; k < WIDTH; k++) {
    const o = 6 * k
    out[WIDTH * j + k] =
      ((w[o] as bigint) << 320n) |
      ((w[o + 1] as bigint) << 256n) |
      ((w[o + 2] as bigint) << 192n) |
      ((w[o + 3] as bigint) << 128n) |
      ((w[o + 4] as bigint) << 64n) |
      (w[o + 5] as bigint)
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

/** Best-effort wipe of the pad scratch (ChaCha output, hash input, digest, key words). */
function wipe(s: PadScratch): void {
  s.words.fill(0)
  s.input.fill(0)
  s.digest.fill(0)
  s.rowView.fill(0)
}

function malformed(pair: Pair, what: string): MpcError {
  return new MpcError('Malformed', `vOLE: ${what}`, { culprit: pair.peer })
}

/** Bob's χ = Σ_j β_j·g_j from his OTE choice bits (known after his first message). */
export function voleChi(gadget: readonly bigint[], choices: Uint32Array): bigint {
  let acc = 0n
  for (let j = 0; j < XI; j++) acc += (gadget[j] as bigint) * BigInt(getBit(choices, j))
  return acc % Q
}

/**
 * Alice: from her OTE rows q_j and Δ, input a = (a_1, a_2); returns c with c + d = a·χ and the
 * message for Bob.
 */
export function voleSend(args: {
  readonly gadget: readonly bigint[]
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
  const alpha = [a1, a2, hat1, hat2]
  const p0: bigint[] = new Array(XI * WIDTH)
  const p1: bigint[] = new Array(XI * WIDTH)
  const scratch = padScratch(sid)
  const other = new Uint32Array(ROW_WORDS)
  const aTilde = new Uint8Array(VOLE_MESSAGE_BYTES.aTilde)
  const aView = viewOf(aTilde)
  let c1 = 0n
  let c2 = 0n
  for (let j = 0; j < XI; j++) {
    const row = rows.subarray(j * ROW_WORDS, (j + 1) * ROW_WORDS)
    for (let i = 0; i < ROW_WORDS; i++) other[i] = (row[i] as number) ^ (delta[i] as number)
    rowPad(j, row, p0, scratch)
    rowPad(j, other, p1, scratch)
    for (let k = 0; k < WIDTH; k++) {
      const i = WIDTH * j + k
      // Correlated OT: Alice's output is z_j = −p0_j, Bob's p_{β_j} + β_j·ã_j, sum β_j·α.
      writeScalarAt(
        aView,
        32 * i,
        modQ((p0[i] as bigint) - (p1[i] as bigint) + (alpha[k] as bigint)),
      )
    }
    const g = gadget[j] as bigint
    c1 += g * (p0[WIDTH * j] as bigint)
    c2 += g * (p0[WIDTH * j + 1] as bigint)
  }
  wipe(scratch)
  other.fill(0)
  delta.fill(0)
  p1.fill(0n)
  // DKLs23 §5.1: θ from the transcript, η̃ = â + θ⊙a, μ_j = ẑ_j + θ⊙z_j, sent as μ̂ = H(μ).
  const [t1, t2] = theta(sid, aTilde)
  const eta = new Uint8Array(VOLE_MESSAGE_BYTES.eta)
  writeScalar(modQ(hat1 + t1 * a1), eta, 0)
  writeScalar(modQ(hat2 + t2 * a2), eta, 32)
  const mu = new Uint8Array(XI * VOLE_INPUTS * 32)
  const muView = viewOf(mu)
  for (let j = 0; j < XI; j++) {
    const i = WIDTH * j
    writeScalarAt(muView, 64 * j, modQ(-((p0[i + 2] as bigint) + t1 * (p0[i] as bigint))))
    writeScalarAt(muView, 64 * j + 32, modQ(-((p0[i + 3] as bigint) + t2 * (p0[i + 1] as bigint))))
  }
  p0.fill(0n)
  const muHat = taggedHash(TAGS.voleMu, sid, mu)
  mu.fill(0)
  return { c: [modQ(-c1), modQ(-c2)], message: { aTilde, eta, muHat } }
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
  const eta1 = readScalar(message.eta, 0)
  const eta2 = readScalar(message.eta, 32)
  if (eta1 >= Q || eta2 >= Q) throw malformed(pair, '"eta" is not a canonical scalar')
  const [t1, t2] = theta(sid, aTilde)
  const pad: bigint[] = new Array(XI * WIDTH)
  const scratch = padScratch(sid)
  const mu = new Uint8Array(XI * VOLE_INPUTS * 32)
  const muView = viewOf(mu)
  const aView = viewOf(aTilde)
  let d1 = 0n
  let d2 = 0n
  for (let j = 0; j < XI; j++) {
    rowPad(j, rows.subarray(j * ROW_WORDS, (j + 1) * ROW_WORDS), pad, scratch)
    const beta = BigInt(getBit(choices, j))
    const z: bigint[] = []
    for (let k = 0; k < WIDTH; k++) {
      const i = WIDTH * j + k
      const corr = readScalarAt(aView, 32 * i)
      if (corr >= Q) throw malformed(pair, `"aTilde"[${i}] is not a canonical scalar`)
      z.push((pad[i] as bigint) + beta * corr)
    }
    const g = gadget[j] as bigint
    d1 += g * (z[0] as bigint)
    d2 += g * (z[1] as bigint)
    writeScalarAt(muView, 64 * j, modQ(beta * eta1 - ((z[2] as bigint) + t1 * (z[0] as bigint))))
    writeScalarAt(
      muView,
      64 * j + 32,
      modQ(beta * eta2 - ((z[3] as bigint) + t2 * (z[1] as bigint))),
    )
  }
  wipe(scratch)
  pad.fill(0n)
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
  return { d: [d1 % Q, d2 % Q] }
}
