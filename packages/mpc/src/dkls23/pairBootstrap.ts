/**
 * Bootstrapped pairwise OT setup (docs/THRESHOLD.md#base-ot-and-ot-extension): ONE endemic base-OT
 * batch per pair instead of one per direction. Party A (the DKG takes the lower index) is the
 * OT-extension sender of direction 1 and chooses with ¬Δ_A in the base OT; B answers as base-OT
 * sender, sends the punctured-PRF correction and at once the receiver message of one OT extension
 * (SoftSpokenOT k = 2, ξ = κ = 256 useful rows and the 128 padding rows of the check). A checks that
 * extension before anything derived from it is used; its ξ random OTs, hashed, are the base OTs of
 * direction 2 (A base-OT sender knowing both pads, B base-OT receiver with the extension's random
 * choice bits x, so Δ_B = ¬x); A sends direction 2's punctured-PRF correction. Three messages:
 * A → B (choices), B → A (reply, correction, extension), A → B (correction). The output is the same
 * v2 pair state (`pairState.ts`) as the two-batch `pairSetup.ts`. Every secret here (Δ, pads,
 * leaves, rows, choice bits) is wiped after use and never logged; nothing branches on a secret bit.
 */
import { type Rng, randomBytes } from '../encoding/random.ts'
import { MpcError } from '../errors.ts'
import { taggedHash } from '../hash/tagged.ts'
import { TAGS } from '../hash/tags.ts'
import {
  BASE_OT_COUNT,
  BASE_OT_REPLY_BYTES,
  type BaseOtChoiceMessage,
  type BaseOtReceiverState,
  type BaseOtSenderMessage,
  baseOtChoose,
  baseOtReceive,
  baseOtSend,
} from '../ot/base.ts'
import { bytesToWords, wordsToBytes } from '../ot/bits.ts'
import { type OteMessage, oteMessageBytes, oteReceive, oteSend } from '../ot/extension.ts'
import type { OtParams } from '../ot/params.ts'
import { PPRF_CORRECTION_BYTES, pprfExpand, pprfPuncture } from '../ot/pprf.ts'
import { checkParties, directionSid, pairSetupSid } from './pairSetup.ts'
import type { PairOtState } from './pairState.ts'

/**
 * The bootstrap extension: the v2 extension (k = 2) with ξ = κ, the 256 OTs direction 2 needs, and
 * the 128 padding rows the GF(2^128) check consumes (never used as OTs). λ_s plays no part: no vOLE
 * gadget runs on these rows.
 */
export const BOOT_OT_PARAMS: OtParams = Object.freeze({
  v: 2,
  kappa: BASE_OT_COUNT,
  k: 2,
  lambda: 0,
  xi: BASE_OT_COUNT,
  lPrime: BASE_OT_COUNT + 128,
})
const BOOT_OTE_BYTES = oteMessageBytes(BOOT_OT_PARAMS)
const ROW_WORDS = BASE_OT_COUNT / 32

/** A → B: the base-OT choice message (choices ¬Δ_A). */
export type PairBootMessage1 = { readonly choice: BaseOtChoiceMessage }
/** B → A: the base-OT reply, direction 1's punctured-PRF correction and the bootstrap extension. */
export type PairBootMessage2 = {
  readonly reply: BaseOtSenderMessage
  readonly correction: Uint8Array
  readonly ote: OteMessage
}
/** A → B: direction 2's punctured-PRF correction. */
export type PairBootMessage3 = { readonly correction: Uint8Array }

type Ids = {
  readonly self: number
  readonly peer: number
  readonly keyId: string
  readonly epoch: number
  readonly setupSid: Uint8Array
}

/** A's state between messages 1 and 2. */
export type PairBootSenderState = Ids & {
  step: 1 | 2
  readonly delta: Uint8Array
  readonly receiver: BaseOtReceiverState
}
/** B's state between messages 2 and 3: Δ_B, its direction-2 pads (k_{¬Δ_B,l}) and its leaves. */
export type PairBootReceiverState = Ids & {
  step: 1 | 2
  readonly delta: Uint8Array
  readonly pads: Uint8Array
  readonly leaves: Uint8Array
}

type Start = {
  readonly self: number
  readonly peer: number
  readonly keyId: string
  readonly epoch: number
  readonly sid: Uint8Array
  readonly rng?: Rng
}

function ids(args: Start): Ids {
  checkParties(args.self, args.peer)
  if (!(args.sid instanceof Uint8Array) || args.sid.length !== 32) {
    throw new RangeError('"sid" expected Uint8Array of length 32')
  }
  const { self, peer, keyId, epoch } = args
  return { self, peer, keyId, epoch, setupSid: pairSetupSid(args.sid, keyId, epoch, self, peer) }
}

/** The bootstrap extension's sid (distinct from both base-OT sids: prefix byte 2). */
function extensionSid(setupSid: Uint8Array, a: number, b: number): Uint8Array {
  return taggedHash(TAGS.dkls23OtSetupSid, Uint8Array.of(2), setupSid, Uint8Array.of(a, b))
}

/**
 * Direction 2's base-OT pads from extension rows: H(sid, u16(l), row_l), the tweak l keeping the
 * rows' common Δ_A correlation out of the outputs (a correlation-robust hash). `flip`, when given,
 * is XORed into every row first (A's second pad: q_l ⊕ Δ_A).
 */
function hashRows(sid: Uint8Array, rows: Uint32Array, flip?: Uint32Array): Uint8Array {
  const pads = new Uint8Array(32 * BASE_OT_COUNT)
  const row = new Uint32Array(ROW_WORDS)
  for (let l = 0; l < BASE_OT_COUNT; l++) {
    for (let i = 0; i < ROW_WORDS; i++)
      row[i] = (rows[l * ROW_WORDS + i] as number) ^ (flip === undefined ? 0 : (flip[i] as number))
    const bytes = wordsToBytes(row)
    pads.set(taggedHash(TAGS.otBootPad, sid, Uint8Array.of(l >>> 8, l & 0xff), bytes), 32 * l)
    bytes.fill(0)
  }
  row.fill(0)
  return pads
}

function expectBytes(value: unknown, length: number, title: string, from: number): Uint8Array {
  if (!(value instanceof Uint8Array) || value.length !== length) {
    throw new MpcError(
      'Malformed',
      `pair setup: "${title}" expected Uint8Array of length ${length}`,
      {
        culprit: from,
      },
    )
  }
  return value
}

/** Message 2's shape (sizes of the v2 bootstrap); `from` is named as culprit. */
export function parsePairBootMessage2(value: unknown, from: number): PairBootMessage2 {
  const v = value as {
    reply?: { a?: unknown }
    correction?: unknown
    ote?: { u?: unknown; xHat?: unknown; tHat?: unknown }
  } | null
  return {
    reply: { a: expectBytes(v?.reply?.a, BASE_OT_REPLY_BYTES, 'reply.a', from) },
    correction: expectBytes(v?.correction, PPRF_CORRECTION_BYTES, 'correction', from),
    ote: {
      u: expectBytes(v?.ote?.u, BOOT_OTE_BYTES.u, 'ote.u', from),
      xHat: expectBytes(v?.ote?.xHat, BOOT_OTE_BYTES.xHat, 'ote.xHat', from),
      tHat: expectBytes(v?.ote?.tHat, BOOT_OTE_BYTES.tHat, 'ote.tHat', from),
    },
  }
}

/** Message 3's shape; `from` is named as culprit. */
export function parsePairBootMessage3(value: unknown, from: number): PairBootMessage3 {
  const v = value as { correction?: unknown } | null
  return { correction: expectBytes(v?.correction, PPRF_CORRECTION_BYTES, 'correction', from) }
}

/** A, message 1: sample Δ_A and send the base-OT choices ¬Δ_A. */
export function pairBootStart(args: Start): {
  message: PairBootMessage1
  state: PairBootSenderState
} {
  const base = ids(args)
  const delta = randomBytes(BASE_OT_COUNT / 8, args.rng)
  const choices = delta.map((b) => ~b & 0xff)
  const sid = directionSid(base.setupSid, base.self, base.peer)
  const { message, state } = baseOtChoose(sid, choices, args.rng)
  choices.fill(0)
  return { message: { choice: message }, state: { ...base, step: 1, delta, receiver: state } }
}

/**
 * B, message 2: answer A's base OT (`baseOtSend` checks every point, naming A), expand direction
 * 1's leaves and correction, and run the bootstrap extension as its receiver; its random choice
 * bits x give Δ_B = ¬x, its rows t_l give B's direction-2 pads H(l, t_l) = k_{x_l}.
 */
export function pairBootAnswer(
  args: Start,
  message: PairBootMessage1,
): { message: PairBootMessage2; state: PairBootReceiverState } {
  const base = ids(args)
  const sid = directionSid(base.setupSid, base.peer, base.self)
  const sent = baseOtSend(sid, message?.choice, base.peer, args.rng)
  const { leaves, correction } = pprfExpand(sid, sent.pads0, sent.pads1)
  sent.pads0.fill(0)
  sent.pads1.fill(0)
  const extSid = extensionSid(base.setupSid, base.peer, base.self)
  const ote = oteReceive({ leaves }, extSid, args.rng, BOOT_OT_PARAMS)
  const pads = hashRows(extSid, ote.rows)
  ote.rows.fill(0)
  const x = wordsToBytes(ote.choices)
  ote.choices.fill(0)
  const delta = x.map((b) => ~b & 0xff)
  x.fill(0)
  return {
    message: { reply: sent.message, correction, ote: ote.message },
    state: { ...base, step: 1, delta, pads, leaves },
  }
}

/**
 * A, message 3: finish direction 1 (base OT, punctured PRF), check the bootstrap extension, and
 * only then hash its rows into direction 2's pads (q_l and q_l ⊕ Δ_A) and expand them into A's
 * direction-2 leaves and the correction for B. A failed check is an Abort naming B: the Δ_A it
 * may have probed is discarded with the run (docs/THRESHOLD.md#base-ot-and-ot-extension).
 */
export function pairBootCheck(
  state: PairBootSenderState,
  message: PairBootMessage2,
): { message: PairBootMessage3; pair: PairOtState } {
  if (state.step !== 1) throw new Error(`pair setup: check called at step ${state.step}`)
  const { self, peer, setupSid } = state
  const m = parsePairBootMessage2(message, peer)
  state.step = 2
  const received = baseOtReceive(state.receiver, m.reply, peer)
  const seeds = pprfPuncture(
    directionSid(setupSid, self, peer),
    received,
    state.delta,
    m.correction,
  )
  received.fill(0)
  const extSid = extensionSid(setupSid, self, peer)
  let rows: Uint32Array
  try {
    rows = oteSend(
      { delta: state.delta, seeds },
      extSid,
      m.ote,
      { self, peer },
      BOOT_OT_PARAMS,
    ).rows
  } catch (cause) {
    seeds.fill(0)
    state.delta.fill(0)
    if (!(cause instanceof MpcError) || cause.code !== 'Ban') throw cause
    throw new MpcError(
      'Abort',
      `pair setup: the bootstrap OT extension from party ${peer} fails its consistency check`,
      { culprit: peer, cause },
    )
  }
  const flip = bytesToWords(state.delta)
  const pads0 = hashRows(extSid, rows)
  const pads1 = hashRows(extSid, rows, flip)
  rows.fill(0)
  flip.fill(0)
  const { leaves, correction } = pprfExpand(directionSid(setupSid, peer, self), pads0, pads1)
  pads0.fill(0)
  pads1.fill(0)
  const pair: PairOtState = {
    v: 2,
    self,
    peer,
    keyId: state.keyId,
    epoch: state.epoch,
    setupSid,
    sender: { delta: state.delta.slice(), seeds },
    receiver: { leaves },
    banned: false,
  }
  state.delta.fill(0)
  return { message: { correction }, pair }
}

/** B: puncture direction 2 with A's correction; B's pair state. */
export function pairBootFinish(
  state: PairBootReceiverState,
  message: PairBootMessage3,
): PairOtState {
  if (state.step !== 1) throw new Error(`pair setup: finish called at step ${state.step}`)
  const { self, peer, setupSid } = state
  const { correction } = parsePairBootMessage3(message, peer)
  state.step = 2
  const seeds = pprfPuncture(
    directionSid(setupSid, self, peer),
    state.pads,
    state.delta,
    correction,
  )
  state.pads.fill(0)
  const pair: PairOtState = {
    v: 2,
    self,
    peer,
    keyId: state.keyId,
    epoch: state.epoch,
    setupSid,
    sender: { delta: state.delta.slice(), seeds },
    receiver: { leaves: state.leaves },
    banned: false,
  }
  state.delta.fill(0)
  return pair
}

/** Wipes whatever secrets a bootstrap state still holds (a failed or abandoned run). */
export function cleanPairBoot(state: PairBootSenderState | PairBootReceiverState): void {
  state.delta.fill(0)
  if ('receiver' in state) {
    state.receiver.alphas.fill(0)
    state.receiver.choices.fill(0)
  } else {
    state.pads.fill(0)
    if (state.step === 1) state.leaves.fill(0)
  }
}
