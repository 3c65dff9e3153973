/**
 * The device's side of the five-step runs (DKG, refresh, recovery: start → commit → reveal →
 * confirm → finish) mapped onto the channel's rounds (see `COSIGNER_RUNS`): the device routes
 * messages between its own local parties and sends the co-signer (party 2) only what is
 * addressed to it, waiting for the co-signer once per step pair.
 */

export const COSIGNER_INDEX = 2

export type Routed = { readonly to: number; readonly from: number; readonly round: number }

const forIndex = (all: readonly unknown[], to: number) =>
  (all as readonly Routed[]).filter((m) => m.to === to)
const ofRound = (all: readonly unknown[], round: number) =>
  (all as readonly Routed[]).filter((m) => m.round === round)

export interface StagedSteps<S, R> {
  commit(s: S, inbound: never[]): { messages: readonly unknown[] }
  reveal(s: S, inbound: never[]): { messages: readonly unknown[] }
  confirm(s: S, inbound: never[]): { messages: readonly unknown[] }
  finish(s: S, inbound: never[]): R
}

/** The three exchanges with the co-signer; each returns the co-signer's messages. */
export interface StagedExchanges {
  round1(messages: readonly unknown[]): Promise<readonly unknown[]>
  round2(messages: readonly unknown[]): Promise<readonly unknown[]>
  /** Omitted when the run is to be interrupted before the last round (tests of recovery). */
  round3?(messages: readonly unknown[]): Promise<void>
}

export async function runStaged<S, R>(
  locals: ReadonlyMap<number, { state: S; messages: readonly unknown[] }>,
  steps: StagedSteps<S, R>,
  io: StagedExchanges,
): Promise<Map<number, R>> {
  const indices = [...locals.keys()]
  const state = (i: number) => (locals.get(i) as { state: S }).state
  const each = (
    f: (s: S, inbound: never[]) => { messages: readonly unknown[] },
    inbound: readonly unknown[],
  ) => indices.flatMap((i) => f(state(i), forIndex(inbound, i) as never[]).messages)
  const local1 = [...locals.values()].flatMap((l) => l.messages)
  const theirs12 = await io.round1(forIndex(local1, COSIGNER_INDEX))
  const local2 = each(steps.commit, [...ofRound(theirs12, 1), ...local1])
  const local3 = each(steps.reveal, [...ofRound(theirs12, 2), ...local2])
  const theirs34 = await io.round2([
    ...forIndex(local2, COSIGNER_INDEX),
    ...forIndex(local3, COSIGNER_INDEX),
  ])
  const local4 = each(steps.confirm, [...ofRound(theirs34, 3), ...local3])
  const in4 = [...ofRound(theirs34, 4), ...local4]
  const results = new Map(
    indices.map((i) => [i, steps.finish(state(i), forIndex(in4, i) as never[])] as const),
  )
  await io.round3?.(forIndex(local4, COSIGNER_INDEX))
  return results
}
