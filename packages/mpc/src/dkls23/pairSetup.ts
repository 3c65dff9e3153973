/**
 * Pairwise OT setup for DKLs23 signing (docs/THRESHOLD.md#base-ot-and-ot-extension): one endemic
 * base-OT batch per ordered pair, run once per key and epoch, turned into the punctured PRF of
 * SoftSpokenOT k = 2 (`../ot/pprf.ts`): each party gets an OT-extension sender state (Δ and the
 * 3 known leaves of every block) toward the peer and a receiver state (all 4 leaves) from the peer,
 * a v2 pair state (`pairState.ts`). Two messages each way: the base-OT choice message, then the
 * base-OT reply with the punctured-PRF correction (`correction`, 8 KiB). The resulting state is
 * secret and serialised as bytes only; it must never be logged, and a pair that was banned must
 * run this setup again before it signs. This standalone form (refresh, recovery, the co-signer's
 * OT-setup run, the backup's lazy pairs) runs one batch per direction; the DKG runs the
 * bootstrapped form with one batch per pair (`pairBootstrap.ts`), which shares the sids below.
 */
import { expectInt } from '../encoding/expectInt.ts'
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
import { PPRF_CORRECTION_BYTES, pprfExpand, pprfPuncture } from '../ot/pprf.ts'
import type { PairOtState } from './pairState.ts'

export type PairSetupMessage1 = { readonly choice: BaseOtChoiceMessage }
/** The base-OT reply and the punctured-PRF correction (e_0 ‖ e_1 per block of two base OTs). */
export type PairSetupMessage2 = {
  readonly reply: BaseOtSenderMessage
  readonly correction: Uint8Array
}

/**
 * Validates message 2's shape as received (inside the DKG or the co-signer's setup run):
 * `reply.a` of 256 points and the 8 KiB correction. A reply without a correction comes from a
 * party that still sets up v1 pairs: Malformed, naming it.
 */
export function parsePairSetupMessage2(value: unknown, from?: number): PairSetupMessage2 {
  const bad = (text: string) =>
    new MpcError('Malformed', `pair setup: ${text}`, from === undefined ? {} : { culprit: from })
  const v = value as { reply?: { a?: unknown }; correction?: unknown } | null
  const a = v?.reply?.a
  if (!(a instanceof Uint8Array) || a.length !== BASE_OT_REPLY_BYTES)
    throw bad(`"reply.a" expected Uint8Array of length ${BASE_OT_REPLY_BYTES}`)
  const correction = v?.correction
  if (!(correction instanceof Uint8Array) || correction.length !== PPRF_CORRECTION_BYTES)
    throw bad(
      `"correction" expected Uint8Array of length ${PPRF_CORRECTION_BYTES} (a v2 pair setup; the peer may set up v1 pairs)`,
    )
  return { reply: { a }, correction }
}

export type PairSetupState = {
  step: 1 | 2 | 3
  readonly self: number
  readonly peer: number
  readonly keyId: string
  readonly epoch: number
  readonly setupSid: Uint8Array
  readonly delta: Uint8Array
  readonly receiver: BaseOtReceiverState
  /** Our punctured-PRF leaves as the peer's extension receiver (after step 2). */
  leaves?: Uint8Array
}

/** The pair's setup sid: both parties derive it from the DKG/re-share sid and the two indices. */
export function pairSetupSid(sid: Uint8Array, keyId: string, epoch: number, a: number, b: number) {
  const lo = Math.min(a, b)
  const hi = Math.max(a, b)
  const e = new Uint8Array(4)
  new DataView(e.buffer).setUint32(0, epoch)
  return taggedHash(
    TAGS.dkls23OtSetupSid,
    Uint8Array.of(0),
    sid,
    new TextEncoder().encode(keyId),
    e,
    Uint8Array.of(lo, hi),
  )
}

/**
 * The base-OT (and punctured-PRF) sid of the direction in which `alice` (OTE sender) chooses with
 * Δ; the bootstrapped setup uses it for both directions' punctured PRFs as well.
 */
export function directionSid(setupSid: Uint8Array, alice: number, bob: number): Uint8Array {
  return taggedHash(TAGS.dkls23OtSetupSid, Uint8Array.of(1), setupSid, Uint8Array.of(alice, bob))
}

export function checkParties(self: number, peer: number): void {
  expectInt(self, 1, 255, 'self')
  expectInt(peer, 1, 255, 'peer')
  if (self === peer) throw new RangeError('"peer" must not be the own index')
}

/**
 * Step 1: sample Δ and send the base-OT choice message with choices ¬Δ (we are the future OTE
 * sender; the leaf we must not learn in block i is x = Δ_i, `../ot/pprf.ts`).
 */
export function startPairSetup(args: {
  readonly self: number
  readonly peer: number
  readonly keyId: string
  readonly epoch: number
  readonly sid: Uint8Array
  readonly rng?: Rng
}): { message: PairSetupMessage1; state: PairSetupState } {
  const { self, peer, keyId, epoch } = args
  checkParties(self, peer)
  if (!(args.sid instanceof Uint8Array) || args.sid.length !== 32) {
    throw new RangeError('"sid" expected Uint8Array of length 32')
  }
  const setupSid = pairSetupSid(args.sid, keyId, epoch, self, peer)
  const delta = randomBytes(BASE_OT_COUNT / 8, args.rng)
  const choices = delta.map((b) => ~b & 0xff)
  const { message, state } = baseOtChoose(directionSid(setupSid, self, peer), choices, args.rng)
  choices.fill(0)
  return {
    message: { choice: message },
    state: { step: 1, self, peer, keyId, epoch, setupSid, delta, receiver: state },
  }
}

/** Step 2: answer the peer's choice message (we are the future OTE receiver toward the peer). */
export function respondPairSetup(
  state: PairSetupState,
  message: PairSetupMessage1,
  rng?: Rng,
): PairSetupMessage2 {
  if (state.step !== 1) throw new Error(`pair setup: respond called at step ${state.step}`)
  const sid = directionSid(state.setupSid, state.peer, state.self)
  const sent = baseOtSend(sid, message?.choice, state.peer, rng)
  const { leaves, correction } = pprfExpand(sid, sent.pads0, sent.pads1)
  sent.pads0.fill(0)
  sent.pads1.fill(0)
  state.leaves = leaves
  state.step = 2
  return { reply: sent.message, correction }
}

/** Step 3: finish our choice direction and return the pair's OT state. */
export function finishPairSetup(state: PairSetupState, message: PairSetupMessage2): PairOtState {
  if (state.step !== 2 || state.leaves === undefined) {
    throw new Error(`pair setup: finish called at step ${state.step}`)
  }
  if (message === null || typeof message !== 'object') {
    throw new MpcError('Malformed', 'pair setup: reply missing', { culprit: state.peer })
  }
  const { correction } = parsePairSetupMessage2(message, state.peer)
  const sid = directionSid(state.setupSid, state.self, state.peer)
  const received = baseOtReceive(state.receiver, message.reply, state.peer)
  const seeds = pprfPuncture(sid, received, state.delta, correction)
  received.fill(0)
  state.step = 3
  const result: PairOtState = {
    v: 2,
    self: state.self,
    peer: state.peer,
    keyId: state.keyId,
    epoch: state.epoch,
    setupSid: state.setupSid,
    sender: { delta: state.delta.slice(), seeds },
    receiver: { leaves: state.leaves },
    banned: false,
  }
  state.delta.fill(0)
  delete state.leaves
  return result
}
