/**
 * Test utility: an MpcParty factory standing in for @tessera/mpc, opened through the same
 * createParty as the real one (key lock, policy, audit). `echo` answers each round with its
 * payload reversed and finishes at round 2; `test-refresh` is share-changing and holds round 1
 * until the test releases it, so two concurrent runs on one key can be observed; `test-sign`
 * authorizes an EIP-191 message through the policy and answers with its digest.
 */
import { bytesToHex } from '@noble/hashes/utils.js'
import type { MpcRun } from '../mpc/mpcParty.ts'
import { createParty } from '../mpc/party/createParty.ts'
import type { MpcPartyFactory, MpcRunContext, ServedProtocol } from '../mpc/party/partyServices.ts'

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
  const run =
    (
      step: (
        context: MpcRunContext,
        round: number,
        payload: Uint8Array,
      ) => ReturnType<MpcRun['step']>,
    ) =>
    (_services: unknown, context: MpcRunContext): MpcRun => ({
      step: (round, payload) => step(context, round, payload),
      abort(reason) {
        aborted.push(`${context.protocol}:${reason}`)
      },
    })
  const served: Record<string, ServedProtocol> = {
    echo: {
      shareChanging: false,
      run: run(async (_context, round, payload) => {
        if (payload.length > 0 && payload[0] === 0xff) throw new Error('test party refuses 0xff')
        return { payload: payload.slice().reverse(), done: round >= 2 }
      }),
    },
    'test-refresh': {
      shareChanging: true,
      run: run(async (_context, round) => {
        await new Promise<void>((resolve) => {
          gates.push(resolve)
          notify()
        })
        return { payload: Uint8Array.of(round), done: true }
      }),
    },
    'test-sign': {
      shareChanging: false,
      // Stands in for a signing run: authorize the message, then "sign" its digest.
      run: run(async (context, _round, payload) => {
        const decoded = await context.authorize({
          method: 'personal_sign',
          payload: `0x${bytesToHex(payload)}`,
        })
        await context.audit('sign', { digest: bytesToHex(decoded.digest ?? new Uint8Array(0)) })
        return { payload: decoded.digest, done: true }
      }),
    },
  }
  const party: MpcPartyFactory = (services) => createParty(served, services)
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
