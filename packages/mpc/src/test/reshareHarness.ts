/**
 * Test/bench-only: routes the re-share state machine (refresh and recovery) among parties in
 * memory, with a hook to tamper with or drop messages in flight. Not exported from the package.
 */
import type { KeyShare } from '../dkg/keyShare.ts'
import type { PendingRefresh } from '../refresh/refreshApply.ts'
import { reshareCommit } from '../refresh/reshareCommit.ts'
import { reshareConfirm } from '../refresh/reshareConfirm.ts'
import { reshareFinish } from '../refresh/reshareFinish.ts'
import { reshareReveal } from '../refresh/reshareReveal.ts'
import type { ReshareMessage, ReshareState, ReshareTranscript } from '../refresh/reshareTypes.ts'

export type ReshareTamper = (msg: ReshareMessage) => ReshareMessage | ReshareMessage[] | undefined

export type Started = { state: ReshareState; messages: ReshareMessage[] }

export function runReshare(
  started: ReadonlyMap<number, Started>,
  options: {
    tamper?: ReshareTamper
    onPending?: (index: number, p: PendingRefresh) => void
    /** The order in which parties process a round (the first to fail throws). */
    order?: number[]
    /** Sees every party's state and outbound messages after each of its rounds. */
    observe?: (index: number, state: ReshareState, out: readonly ReshareMessage[]) => void
  } = {},
): { shares: Map<number, KeyShare>; transcript: ReshareTranscript } {
  const parties = options.order ?? [...started.keys()]
  let outbox = [...started.values()].flatMap((s) => s.messages)
  const deliver = () => {
    const inbox = new Map<number, ReshareMessage[]>(parties.map((p) => [p, []]))
    for (const m of outbox) {
      const out = options.tamper === undefined ? m : options.tamper(m)
      for (const x of out === undefined ? [] : Array.isArray(out) ? out : [out]) {
        inbox.get(x.to)?.push(x)
      }
    }
    outbox = []
    return inbox
  }
  const state = (p: number) => (started.get(p) as Started).state
  for (const round of [reshareCommit, reshareReveal] as const) {
    const inbox = deliver()
    for (const p of parties) {
      const { messages } = round(state(p), inbox.get(p) ?? [])
      options.observe?.(p, state(p), messages)
      outbox.push(...messages)
    }
  }
  const inbox4 = deliver()
  for (const p of parties) {
    const { messages, pending } = reshareConfirm(state(p), inbox4.get(p) ?? [])
    options.onPending?.(p, pending)
    options.observe?.(p, state(p), messages)
    outbox.push(...messages)
  }
  const inbox5 = deliver()
  const shares = new Map<number, KeyShare>()
  let transcript: ReshareTranscript | undefined
  for (const p of parties) {
    const out = reshareFinish(state(p), inbox5.get(p) ?? [])
    options.observe?.(p, state(p), [])
    shares.set(p, out.keyShare)
    transcript = out.transcript
  }
  return { shares, transcript: transcript as ReshareTranscript }
}
