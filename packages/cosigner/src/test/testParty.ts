/**
 * Test utility: an MpcParty standing in for @tessera/mpc. `echo` answers each round with its
 * payload reversed and finishes at round 2; `test-refresh` is share-changing and holds round 1
 * until the test releases it, so two concurrent runs on one key can be observed.
 */
import type { MpcParty } from '../mpc/mpcParty.ts'

export function createTestParty() {
  const gates: (() => void)[] = []
  let waiting: (() => void) | undefined
  const aborted: string[] = []
  const party: MpcParty = {
    protocols: [
      { name: 'echo', shareChanging: false },
      { name: 'test-refresh', shareChanging: true },
    ],
    start(context) {
      return {
        async step(round, payload) {
          if (context.protocol === 'test-refresh') {
            await new Promise<void>((resolve) => {
              gates.push(resolve)
              waiting?.()
            })
            return { payload: Uint8Array.of(round), done: true }
          }
          if (payload.length > 0 && payload[0] === 0xff) throw new Error('test party refuses 0xff')
          return { payload: payload.slice().reverse(), done: round >= 2 }
        },
        abort(reason) {
          aborted.push(`${context.protocol}:${reason}`)
        },
      }
    },
  }
  return {
    party,
    aborted,
    /** Resolves once a test-refresh run is waiting at its gate. */
    waitingRun: () =>
      new Promise<void>((resolve) => {
        if (gates.length > 0) resolve()
        else waiting = resolve
      }),
    releaseAll: () => {
      for (const gate of gates.splice(0)) gate()
    },
  }
}
