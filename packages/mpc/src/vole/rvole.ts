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
import { bytesToWords, getBit, wordsToBytes } from '../ot/bits.ts'
import { type Pair, pairOf, XI } from '../ot/extension.ts'
import { chachaBlocks } from '../ot/prg.ts'
import { hashToScalars, modQ, Q, readScalar, wideWordsToScalar, writeScalar } from './scalars.ts'

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

/**
 * Random-OT pad of row j: the correlation-robust hash H(sid, j, row) (KOS §3 / tweakable CR hash),
 * expanded by ChaCha20 to 4 scalars of 48 bytes each. Writes into `out[4j..4j+4)`.
 */
function rowPad(
  sid: Uint8Array,
  j: number,
  row: Uint32Array,
  out: bigint[],
  buf: Uint32Array,
): void {
  const seed = taggedHash(TAGS.otExtRow, sid, Uint8Array.of(j >>> 8, j & 0xff), wordsToBytes(row))
  const key = bytesToWords(seed)
  chachaBlocks(key, ZERO_NONCE, 0, 3, buf)
  key.fill(0)
  seed.fill(0)
  for (let k = 0; k < WIDTH; k++) out[WIDTH * j + k] = wideWordsToScalar(buf, 12 * k)
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
  const buf = new Uint32Array(48)
  const other = new Uint32Array(ROW_WORDS)
  const aTilde = new Uint8Array(VOLE_MESSAGE_BYTES.aTilde)
  let c1 = 0n
  let c2 = 0n
  for (let j = 0; j < XI; j++) {
    const row = rows.subarray(j * ROW_WORDS, (j + 1) * ROW_WORDS)
    for (let i = 0; i < ROW_WORDS; i++) other[i] = (row[i] as number) ^ (delta[i] as number)
    rowPad(sid, j, row, p0, buf)
    rowPad(sid, j, other, p1, buf)
    for (let k = 0; k < WIDTH; k++) {
      const i = WIDTH * j + k
      // Correlated OT: Alice's output is z_j = −p0_j, Bob's p_{β_j} + β_j·ã_j, sum β_j·α.
      writeScalar(
        modQ((p0[i] as bigint) - (p1[i] as bigint) + (alpha[k] as bigint)),
        aTilde,
        32 * i,
      )
    }
    const g = gadget[j] as bigint
    c1 += g * (p0[WIDTH * j] as bigint)
    c2 += g * (p0[WIDTH * j + 1] as bigint)
  }
  buf.fill(0)
  other.fill(0)
  delta.fill(0)
  p1.fill(0n)
  // DKLs23 §5.1: θ from the transcript, η̃ = â + θ⊙a, μ_j = ẑ_j + θ⊙z_j, sent as μ̂ = H(μ).
  const [t1, t2] = hashToScalars(TAGS.voleTheta, 2, sid, aTilde) as [bigint, bigint]
  const eta = new Uint8Array(VOLE_MESSAGE_BYTES.eta)
  writeScalar(modQ(hat1 + t1 * a1), eta, 0)
  writeScalar(modQ(hat2 + t2 * a2), eta, 32)
  const mu = new Uint8Array(XI * VOLE_INPUTS * 32)
  for (let j = 0; j < XI; j++) {
    const i = WIDTH * j
    writeScalar(modQ(-((p0[i + 2] as bigint) + t1 * (p0[i] as bigint))), mu, 64 * j)
    writeScalar(modQ(-((p0[i + 3] as bigint) + t2 * (p0[i + 1] as bigint))), mu, 64 * j + 32)
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
  const [t1, t2] = hashToScalars(TAGS.voleTheta, 2, sid, aTilde) as [bigint, bigint]
  const pad: bigint[] = new Array(XI * WIDTH)
  const buf = new Uint32Array(48)
  const mu = new Uint8Array(XI * VOLE_INPUTS * 32)
  let d1 = 0n
  let d2 = 0n
  for (let j = 0; j < XI; j++) {
    rowPad(sid, j, rows.subarray(j * ROW_WORDS, (j + 1) * ROW_WORDS), pad, buf)
    const beta = BigInt(getBit(choices, j))
    const z: bigint[] = []
    for (let k = 0; k < WIDTH; k++) {
      const i = WIDTH * j + k
      const corr = readScalar(aTilde, 32 * i)
      if (corr >= Q) throw malformed(pair, `"aTilde"[${i}] is not a canonical scalar`)
      z.push((pad[i] as bigint) + beta * corr)
    }
    const g = gadget[j] as bigint
    d1 += g * (z[0] as bigint)
    d2 += g * (z[1] as bigint)
    writeScalar(modQ(beta * eta1 - ((z[2] as bigint) + t1 * (z[0] as bigint))), mu, 64 * j)
    writeScalar(modQ(beta * eta2 - ((z[3] as bigint) + t2 * (z[1] as bigint))), mu, 64 * j + 32)
  }
  buf.fill(0)
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
