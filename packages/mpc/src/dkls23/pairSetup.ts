/**
 * Pairwise OT setup for DKLs23 signing (docs/THRESHOLD.md#base-ot-and-ot-extension): one endemic
 * base-OT batch per ordered pair, run once per key and epoch, giving each party an OT-extension
 * sender state (Δ, k_{Δ_l}) toward the peer and a receiver state (k0_l, k1_l) from the peer.
 * Two messages each way: the base-OT choice message, then the base-OT reply. The resulting state
 * is secret and serialised as bytes only (`pairState.ts`); it must never be logged, and a pair
 * that was banned must run this setup again before it signs.
 */
import { expectInt } from '../encoding/expectInt.ts'
import { type Rng, randomBytes } from '../encoding/random.ts'
import { MpcError } from '../errors.ts'
import { taggedHash } from '../hash/tagged.ts'
import { TAGS } from '../hash/tags.ts'
import {
  BASE_OT_COUNT,
  type BaseOtChoiceMessage,
  type BaseOtReceiverState,
  type BaseOtSenderMessage,
  baseOtChoose,
  baseOtReceive,
  baseOtSend,
} from '../ot/base.ts'
import type { PairOtState } from './pairState.ts'

export type PairSetupMessage1 = { readonly choice: BaseOtChoiceMessage }
export type PairSetupMessage2 = { readonly reply: BaseOtSenderMessage }

export type PairSetupState = {
  step: 1 | 2 | 3
  readonly self: number
  readonly peer: number
  readonly keyId: string
  readonly epoch: number
  readonly setupSid: Uint8Array
  readonly delta: Uint8Array
  readonly receiver: BaseOtReceiverState
  pads0?: Uint8Array
  pads1?: Uint8Array
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

/** The base-OT sid of the direction in which `alice` (OTE sender) chooses with Δ. */
function directionSid(setupSid: Uint8Array, alice: number, bob: number): Uint8Array {
  return taggedHash(TAGS.dkls23OtSetupSid, Uint8Array.of(1), setupSid, Uint8Array.of(alice, bob))
}

function checkParties(self: number, peer: number): void {
  expectInt(self, 1, 255, 'self')
  expectInt(peer, 1, 255, 'peer')
  if (self === peer) throw new RangeError('"peer" must not be the own index')
}

/** Step 1: sample Δ and send the base-OT choice message (we are the future OTE sender). */
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
  const { message, state } = baseOtChoose(directionSid(setupSid, self, peer), delta, args.rng)
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
  const sent = baseOtSend(
    directionSid(state.setupSid, state.peer, state.self),
    message?.choice,
    state.peer,
    rng,
  )
  state.pads0 = sent.pads0
  state.pads1 = sent.pads1
  state.step = 2
  return { reply: sent.message }
}

/** Step 3: finish our choice direction and return the pair's OT state. */
export function finishPairSetup(state: PairSetupState, message: PairSetupMessage2): PairOtState {
  if (state.step !== 2 || state.pads0 === undefined || state.pads1 === undefined) {
    throw new Error(`pair setup: finish called at step ${state.step}`)
  }
  if (message === null || typeof message !== 'object') {
    throw new MpcError('Malformed', 'pair setup: reply missing', { culprit: state.peer })
  }
  const seeds = baseOtReceive(state.receiver, message.reply, state.peer)
  state.step = 3
  const result: PairOtState = {
    v: 1,
    self: state.self,
    peer: state.peer,
    keyId: state.keyId,
    epoch: state.epoch,
    setupSid: state.setupSid,
    sender: { delta: state.delta.slice(), seeds },
    receiver: { seeds0: state.pads0, seeds1: state.pads1 },
    banned: false,
  }
  state.delta.fill(0)
  delete state.pads0
  delete state.pads1
  return result
}
