/**
 * Endemic base OT (Masny–Rindal, CCS 2019, "Endemic Oblivious Transfer", Fig. 2; the form Zhou et
 * al. 2022/1525 §3 recommends and DKLs23 §8.1 suggests), batched to 256 instances per ordered pair
 * over ristretto255, with ONE sender key for the batch. Receiver with choice b_l: r_{l,1−b}
 * uniform, r_{l,b} = α_l·G − H_G(l, r_{l,1−b}), sent first; sender with a: A = a·G (32 bytes for
 * the batch), m_{l,j} = a·(r_{l,j} + H_G(l, r_{l,1−j})); receiver: m_{l,b} = α_l·A. Every
 * random-oracle input carries the pair sid and the instance index, and every pad hashes A and
 * the instance's (r_0, r_1); why one A is as strong as one per instance is argued in
 * docs/THRESHOLD.md#base-ot-and-ot-extension. Must never accept the identity, an invalid encoding
 * or r_0 = r_1 (which would hand the receiver both pads), and never branch on a choice bit.
 *
 * Cost: per instance, two secret-scalar multiplications of a variable point (a·Y_{l,j}), two
 * fixed-base ones (α_l·G, α_l·A over a table of A built once), three H_G, one element derivation
 * from random bytes (r_{1−b}), two decodings.
 * Every product that is encoded is computed as 2·((s/2)·P) and encoded in one batch
 * (`encodeDoubled.ts`): one shared inversion instead of an inverse square root per point. The
 * bytes are the same as `(s·P).toBytes()`. The group arithmetic is `../ristretto` (Float64
 * limbs, constant-time for the secret scalars; byte-identical to noble). */

import { sha256 } from '@noble/hashes/sha2.js'
import { type Rng, randomBytes } from '../encoding/random.ts'
import { MpcError } from '../errors.ts'
import { TAGS } from '../hash/tags.ts'
import {
  addInto,
  decode as decodePoint,
  encode,
  equals,
  fixedBaseTable,
  fromUniformBytes,
  hashToGroup as hashToRistretto,
  isIdentity,
  mul,
  mulBase,
  mulFixed,
  ORDER,
  type Pt as Point,
  subInto,
} from '../ristretto/index.ts'
import { encodeDoubled, halfScalar } from './encodeDoubled.ts'

/** Base OTs per ordered pair (docs/THRESHOLD.md#security-parameters: κ = 256). */
export const BASE_OT_COUNT = 256
const POINT_BYTES = 32
/** Length of the sender's message: one ristretto255 point. */
export const BASE_OT_REPLY_BYTES = POINT_BYTES

/** Receiver → sender: (r_0, r_1) for every instance, 64 bytes each. */
export type BaseOtChoiceMessage = { readonly r: Uint8Array }
/** Sender → receiver: A = k·G, one point for the whole batch (32 bytes). */
export type BaseOtSenderMessage = { readonly a: Uint8Array }

export type BaseOtReceiverState = {
  step: 1 | 2
  readonly sid: Uint8Array
  /** 256 choice bits, LSB first. */
  readonly choices: Uint8Array
  /** α_l as 32-byte little-endian scalars. */
  readonly alphas: Uint8Array
  readonly r: Uint8Array
}

function scalarLE(bytes: Uint8Array): bigint {
  let v = 0n
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i] as number)
  return v
}

function randomScalar(rng?: Rng): { value: bigint; bytes: Uint8Array } {
  for (;;) {
    const wide = randomBytes(64, rng)
    const value = scalarLE(wide) % ORDER
    wide.fill(0)
    if (value === 0n) continue
    const bytes = new Uint8Array(32)
    let v = value
    for (let i = 0; i < 32; i++, v >>= 8n) bytes[i] = Number(v & 0xffn)
    return { value, bytes }
  }
}

/**
 * `taggedHash(tag, p_0, …)` for parts of fixed lengths, on one buffer laid out once: the tag and
 * every length prefix are written at construction, each call writes only the parts and hashes the
 * buffer in one go (the same bytes as `taggedHash`; the known-answer test pins them). The general
 * function builds the prefixes and feeds the hasher part by part on every call, which cost more
 * than the hashing for these short inputs. `wipe` clears the parts (they may hold secrets).
 */
class TaggedLayout {
  private readonly buf: Uint8Array
  private readonly at: number[] = []
  constructor(tag: string, lengths: readonly number[]) {
    const tagBytes = new TextEncoder().encode(tag)
    let size = 8 + tagBytes.length
    for (const n of lengths) size += 8 + n
    this.buf = new Uint8Array(size)
    const view = new DataView(this.buf.buffer)
    view.setBigUint64(0, BigInt(tagBytes.length))
    this.buf.set(tagBytes, 8)
    let off = 8 + tagBytes.length
    for (const n of lengths) {
      view.setBigUint64(off, BigInt(n))
      this.at.push(off + 8)
      off += 8 + n
    }
  }
  set(part: number, bytes: Uint8Array): this {
    this.buf.set(bytes, this.at[part])
    return this
  }
  setByte(part: number, value: number): this {
    this.buf[this.at[part] as number] = value
    return this
  }
  setU16(part: number, value: number): this {
    const at = this.at[part] as number
    this.buf[at] = value >>> 8
    this.buf[at + 1] = value & 0xff
    return this
  }
  digest(): Uint8Array {
    return sha256(this.buf)
  }
  wipe(): void {
    this.buf.fill(0, this.at[0])
  }
}

/** H_G inputs: taggedHash(otBaseGroup, sid, u16(l), P), then RFC 9380 hash_to_ristretto255. */
function groupHasher(sid: Uint8Array): (l: number, encoded: Uint8Array) => Point {
  const layout = new TaggedLayout(TAGS.otBaseGroup, [32, 2, POINT_BYTES]).set(0, sid)
  return (l, encoded) => hashToRistretto(layout.setU16(1, l).set(2, encoded).digest())
}

/** Pads: taggedHash(otBasePad, sid, u16(l), [j], r_0 ‖ r_1, A, m); m is secret (wipe after). */
function padHasher(sid: Uint8Array): TaggedLayout {
  return new TaggedLayout(TAGS.otBasePad, [
    32,
    2,
    1,
    2 * POINT_BYTES,
    POINT_BYTES,
    POINT_BYTES,
  ]).set(0, sid)
}

function pad(
  h: TaggedLayout,
  l: number,
  j: number,
  r01: Uint8Array,
  a: Uint8Array,
  m: Uint8Array,
): Uint8Array {
  return h.setU16(1, l).setByte(2, j).set(3, r01).set(4, a).set(5, m).digest()
}

const slot = (bytes: Uint8Array, l: number) =>
  bytes.subarray(l * POINT_BYTES, (l + 1) * POINT_BYTES)

function decode(bytes: Uint8Array, title: string, culprit: number): Point {
  let p: Point
  try {
    p = decodePoint(bytes)
  } catch (cause) {
    throw new MpcError('Malformed', `base OT: ${title} is not a ristretto255 point`, {
      culprit,
      cause,
    })
  }
  if (isIdentity(p) === 1)
    throw new MpcError('Malformed', `base OT: ${title} is the identity`, { culprit })
  return p
}

function checkSid(sid: Uint8Array): void {
  if (!(sid instanceof Uint8Array) || sid.length !== 32) {
    throw new RangeError('"sid" expected Uint8Array of length 32')
  }
}

/** Receiver, step 1: encode the choice bits (docs/THRESHOLD.md#base-ot-and-ot-extension). */
export function baseOtChoose(
  sid: Uint8Array,
  choices: Uint8Array,
  rng?: Rng,
): { message: BaseOtChoiceMessage; state: BaseOtReceiverState } {
  checkSid(sid)
  if (!(choices instanceof Uint8Array) || choices.length !== BASE_OT_COUNT / 8) {
    throw new RangeError(`"choices" expected Uint8Array of length ${BASE_OT_COUNT / 8}`)
  }
  const r = new Uint8Array(BASE_OT_COUNT * 2 * POINT_BYTES)
  const alphas = new Uint8Array(BASE_OT_COUNT * 32)
  const halves: Point[] = []
  const alphaG: Point[] = []
  for (let l = 0; l < BASE_OT_COUNT; l++) {
    // r_{1−b} only needs to be a uniform element (the sender's security rests on H_G(r_{1−b})
    // being a random-oracle output, not on how r_{1−b} was drawn), so no scalar multiplication:
    // P from 64 random bytes (RFC 9496 §4.3.4 element derivation) and r_{1−b} = 2·P, uniform
    // as the group has prime order. Its discrete log exists nowhere to leak the choice bit.
    const wide = randomBytes(64, rng)
    halves.push(fromUniformBytes(wide))
    wide.fill(0)
    const alpha = randomScalar(rng)
    alphas.set(alpha.bytes, l * 32)
    alpha.bytes.fill(0)
    alphaG.push(mulBase(alpha.value))
  }
  const ps = encodeDoubled(halves)
  const hashToGroup = groupHasher(sid)
  const qBytes = new Uint8Array(POINT_BYTES)
  for (let l = 0; l < BASE_OT_COUNT; l++) {
    const p = slot(ps, l)
    const q = alphaG[l] as Point
    subInto(q, q, hashToGroup(l, p))
    encode(q, qBytes)
    // Branch-free placement: b = 0 → (r_0, r_1) = (Q, P); b = 1 → (P, Q).
    const mask = -(((choices[l >>> 3] as number) >>> (l & 7)) & 1) & 0xff
    const at = l * 2 * POINT_BYTES
    for (let k = 0; k < POINT_BYTES; k++) {
      const d = ((p[k] as number) ^ (qBytes[k] as number)) & mask
      r[at + k] = (qBytes[k] as number) ^ d
      r[at + POINT_BYTES + k] = (p[k] as number) ^ d
    }
  }
  return { message: { r }, state: { step: 1, sid, choices: choices.slice(), alphas, r: r.slice() } }
}

/**
 * Sender: checks the receiver's points, answers with A_l and returns both pads per instance
 * (`pads0`, `pads1`: 256 × 32 bytes). `peer` is the receiver's party index, named as culprit.
 */
export function baseOtSend(
  sid: Uint8Array,
  message: BaseOtChoiceMessage,
  peer: number,
  rng?: Rng,
): { message: BaseOtSenderMessage; pads0: Uint8Array; pads1: Uint8Array } {
  checkSid(sid)
  const r = message?.r
  if (!(r instanceof Uint8Array) || r.length !== BASE_OT_COUNT * 2 * POINT_BYTES) {
    throw new MpcError('Malformed', 'base OT: choice message has the wrong length', {
      culprit: peer,
    })
  }
  // Every instance is checked before any secret is drawn; the first bad one is named.
  const ys: Point[] = []
  const hashToGroup = groupHasher(sid)
  for (let l = 0; l < BASE_OT_COUNT; l++) {
    const e0 = r.subarray(l * 64, l * 64 + 32)
    const e1 = r.subarray(l * 64 + 32, l * 64 + 64)
    const p0 = decode(e0, `r_0[${l}]`, peer)
    const p1 = decode(e1, `r_1[${l}]`, peer)
    // r_0 = r_1 makes r_0 + H(r_1) = r_1 + H(r_0): the receiver would learn both pads.
    if (equals(p0, p1) === 1)
      throw new MpcError('Abort', `base OT: r_0 = r_1 in instance ${l}`, { culprit: peer })
    addInto(p0, p0, hashToGroup(l, e1))
    addInto(p1, p1, hashToGroup(l, e0))
    ys.push(p0, p1)
  }
  // One sender key for the whole batch (docs/THRESHOLD.md#base-ot-and-ot-extension): (k/2)·G,
  // then (k/2)·Y_{l,0}, (k/2)·Y_{l,1} per instance; their doubles are A, m_{l,0}, m_{l,1}.
  const k = randomScalar(rng)
  const h = halfScalar(k.value)
  k.bytes.fill(0)
  const halves: Point[] = [mulBase(h)]
  for (let l = 0; l < BASE_OT_COUNT; l++) {
    halves.push(mul(ys[2 * l] as Point, h), mul(ys[2 * l + 1] as Point, h))
  }
  const encoded = encodeDoubled(halves)
  const a = encoded.slice(0, POINT_BYTES)
  const pads0 = new Uint8Array(BASE_OT_COUNT * 32)
  const pads1 = new Uint8Array(BASE_OT_COUNT * 32)
  const hasher = padHasher(sid)
  for (let l = 0; l < BASE_OT_COUNT; l++) {
    const r01 = r.subarray(l * 64, l * 64 + 64)
    pads0.set(pad(hasher, l, 0, r01, a, slot(encoded, 1 + 2 * l)), l * 32)
    pads1.set(pad(hasher, l, 1, r01, a, slot(encoded, 2 + 2 * l)), l * 32)
  }
  hasher.wipe()
  encoded.fill(0)
  return { message: { a }, pads0, pads1 }
}

/** Receiver, step 2: the pad of the chosen message per instance (256 × 32 bytes). */
export function baseOtReceive(
  state: BaseOtReceiverState,
  message: BaseOtSenderMessage,
  peer: number,
): Uint8Array {
  if (state.step !== 1) throw new Error('base OT receiver: step 2 already done')
  const a = message?.a
  if (!(a instanceof Uint8Array) || a.length !== BASE_OT_REPLY_BYTES) {
    throw new MpcError('Malformed', 'base OT: sender message has the wrong length', {
      culprit: peer,
    })
  }
  // (α_l/2)·A per instance over one fixed-base table of A; its double is m_b = α_l·A.
  const table = fixedBaseTable(decode(a, 'A', peer))
  const halves: Point[] = []
  for (let l = 0; l < BASE_OT_COUNT; l++) {
    halves.push(mulFixed(table, halfScalar(scalarLE(state.alphas.subarray(l * 32, l * 32 + 32)))))
  }
  const ms = encodeDoubled(halves)
  const pads = new Uint8Array(BASE_OT_COUNT * 32)
  const h = padHasher(state.sid)
  for (let l = 0; l < BASE_OT_COUNT; l++) {
    const j = ((state.choices[l >>> 3] as number) >>> (l & 7)) & 1
    const r01 = state.r.subarray(l * 64, l * 64 + 64)
    pads.set(pad(h, l, j, r01, a, slot(ms, l)), l * 32)
  }
  h.wipe()
  ms.fill(0)
  state.step = 2
  state.alphas.fill(0)
  state.choices.fill(0)
  return pads
}
