/**
 * The co-signer's side of every five-step protocol of @tessera/mpc (DKG, refresh, recovery:
 * start → commit → reveal → confirm → finish) mapped onto channel rounds so the signer waits for
 * the co-signer once per step pair:
 *   round 1: the signer's step-1 messages (+ parameters) → our step-1 and step-2 messages;
 *   round 2: the signer's step-2 and step-3 messages   → our step-3 and step-4 messages
 *            (confirm may persist a pending share before its messages leave);
 *   round 3: the signer's step-4 messages              → finish (persist), public result;
 *   round 4 (when `activateRound`): the signer stored its share → the key becomes active.
 * A failure or abort wipes the state (`clean`).
 */
import type { MpcRun, MpcStepResult } from '../mpcParty.ts'
import type { MpcRunContext } from './partyServices.ts'
import { byRound, readRequest, writeReply } from './payload.ts'

export type StagedName = 'dkg' | 'refresh' | 'recovery'

export interface StagedProtocol<S, First> {
  readonly name: StagedName
  /** Round 1's parameters (the decoded request, its `messages` aside). */
  start(first: First): Promise<{ state: S; messages: readonly unknown[] }>
  commit(state: S, inbound: unknown[]): readonly unknown[]
  reveal(state: S, inbound: unknown[]): readonly unknown[]
  confirm(state: S, inbound: unknown[]): Promise<readonly unknown[]>
  /** The encoded round-3 reply (the public result). */
  finish(state: S, inbound: unknown[]): Promise<Uint8Array>
  /** A fourth round in which the signer reports its share stored. */
  activate?(state: S): Promise<void>
  clean(state: S): void
}

/** Round 2 and 3 requests and the round 2 reply are `{messages}` in every staged run. */
function readMessages(name: StagedName, round: 2 | 3, payload: Uint8Array): readonly unknown[] {
  return name === 'dkg'
    ? readRequest('dkg', round, payload).messages
    : readRequest(name, round, payload).messages
}

function writeMessages(name: StagedName, round: 1 | 2, messages: readonly unknown[]): Uint8Array {
  if (name === 'dkg')
    return round === 1
      ? writeReply('dkg', 1, { variant: 'started', messages })
      : writeReply('dkg', 2, { messages })
  return writeReply(name, round, { messages })
}

export function stagedRun<S, First extends { readonly messages: readonly unknown[] }>(
  context: MpcRunContext,
  readFirst: (payload: Uint8Array) => First,
  protocol: StagedProtocol<S, First>,
): MpcRun {
  let state: S | undefined
  const what = (round: number) => `${protocol.name} round ${round}`
  return {
    async step(round, payload): Promise<MpcStepResult> {
      if (round === 1) {
        const first = readFirst(payload)
        const started = await protocol.start(first)
        state = started.state
        const [r1] = byRound(what(1), first.messages, [1])
        const out2 = protocol.commit(state, r1 ?? [])
        return {
          payload: writeMessages(protocol.name, 1, [...started.messages, ...out2]),
          done: false,
        }
      }
      const s = state as S
      if (round === 2) {
        const messages = readMessages(protocol.name, 2, payload)
        const [r2, r3] = byRound(what(2), messages, [2, 3])
        const out3 = protocol.reveal(s, r2 ?? [])
        const out4 = await protocol.confirm(s, r3 ?? [])
        return { payload: writeMessages(protocol.name, 2, [...out3, ...out4]), done: false }
      }
      if (round === 3) {
        const [r4] = byRound(what(3), readMessages(protocol.name, 3, payload), [4])
        const result = await protocol.finish(s, r4 ?? [])
        const done = protocol.activate === undefined
        if (done) protocol.clean(s)
        return { payload: result, done }
      }
      if (round === 4 && protocol.name === 'dkg' && protocol.activate !== undefined) {
        readRequest('dkg', 4, payload)
        await protocol.activate(s)
        protocol.clean(s)
        return { payload: writeReply('dkg', 4, {}), done: true }
      }
      throw new Error(`${protocol.name} has no round ${round}`)
    },
    abort() {
      if (state !== undefined) protocol.clean(state)
      state = undefined
      void context
    },
  }
}
