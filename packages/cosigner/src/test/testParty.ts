/**
 * Test utility: an MpcParty standing in for @tessera/mpc. `echo` answers each round with its
 * payload reversed and finishes at round 2; `test-refresh` is share-changing and holds round 1
 * until the test releases it, so two concurrent runs on one key can be observed; `test-sign`
 * authorizes an EIP-191 message through the policy and answers with its digest.
 */
import type { MpcParty } from '../mpc/mpcParty.ts'

export function createTestParty() {
  const gates: (() => void)[] = []
  const watchers: { count: number; resolve: () => void }[] = []
  const notify = () => {
    for (const w of watchers.filter((w) => gates.length >= w.count)) {
      watchers.splice(watchers.indexOf(w), 1)
      w.resolve()
    }
  }
  const aborted: string[] = []
  const party: MpcParty = {
    protocols: [
      { name: 'echo', shareChanging: false },
      { name: 'test-refresh', shareChanging: true },
      { name: 'test-sign', shareChanging: false },
    ],
    start(context) {
      return {
        async step(round, payload) {
          if (context.protocol === 'test-sign') {
            // Stands in for a signing run: authorize the message, then "sign" its digest.
            const decoded = await context.authorize({
              method: 'personal_sign',
              payload: `0x${Buffer.from(payload).toString('hex')}`,
            })
            await context.audit('sign', {
              digest: Buffer.from(decoded.digest ?? []).toString('hex'),
            })
            return { payload: decoded.digest, done: true }
          }
          if (context.protocol === 'test-refresh') {
            await new Promise<void>((resolve) => {
              gates.push(resolve)
              notify()
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
    /** Resolves once `count` test-refresh runs are waiting at the gate. */
    waitingRuns: (count = 1) =>
      new Promise<void>((resolve) => {
        watchers.push({ count, resolve })
        notify()
      }),
    releaseAll: () => {
      for (const gate of gates.splice(0)) gate()
    },
  }
}
