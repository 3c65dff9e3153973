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
import type { MpcRun, MpcRunContext, MpcStepResult } from '../mpcParty.ts'
import { byRound, type Fields, list, readPayload, reply } from './payload.ts'

export interface StagedProtocol<S> {
  readonly name: string
  start(fields: Fields): Promise<{ state: S; messages: readonly unknown[] }>
  commit(state: S, inbound: unknown[]): readonly unknown[]
  reveal(state: S, inbound: unknown[]): readonly unknown[]
  confirm(state: S, inbound: unknown[]): Promise<readonly unknown[]>
  finish(state: S, inbound: unknown[]): Promise<Record<string, unknown>>
  /** A fourth round in which the signer reports its share stored. */
  activate?(state: S, fields: Fields): Promise<void>
  clean(state: S): void
}

export function stagedRun<S>(context: MpcRunContext, protocol: StagedProtocol<S>): MpcRun {
  let state: S | undefined
  const what = (round: number) => `${protocol.name} round ${round}`
  return {
    async step(round, payload): Promise<MpcStepResult> {
      const fields = readPayload(what(round), payload)
      if (round === 1) {
        const started = await protocol.start(fields)
        state = started.state
        const [r1] = byRound(what(1), list(fields, what(1), 'messages'), [1])
        const out2 = protocol.commit(state, r1 ?? [])
        return { payload: reply({ messages: [...started.messages, ...out2] }), done: false }
      }
      const s = state as S
      if (round === 2) {
        const [r2, r3] = byRound(what(2), list(fields, what(2), 'messages'), [2, 3])
        const out3 = protocol.reveal(s, r2 ?? [])
        const out4 = await protocol.confirm(s, r3 ?? [])
        return { payload: reply({ messages: [...out3, ...out4] }), done: false }
      }
      if (round === 3) {
        const [r4] = byRound(what(3), list(fields, what(3), 'messages'), [4])
        const result = await protocol.finish(s, r4 ?? [])
        const done = protocol.activate === undefined
        if (done) protocol.clean(s)
        return { payload: reply(result), done }
      }
      if (round === 4 && protocol.activate !== undefined) {
        await protocol.activate(s, fields)
        protocol.clean(s)
        return { payload: reply({}), done: true }
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
