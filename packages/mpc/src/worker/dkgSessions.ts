/**
 * DKG inside the Worker (THRESHOLD.md "DKG"): the caller passes each round's inbound messages
 * and gets the outbound ones; the DkgState (polynomial coefficients, zero seeds) never leaves.
 * On success the share goes straight into the vault and the caller gets a handle and public data.
 * A failed round wipes and forgets its session (a retry needs a fresh sid).
 */
import { cleanDkg } from '../dkg/common.ts'
import { dkgCommit } from '../dkg/dkgCommit.ts'
import { dkgConfirm } from '../dkg/dkgConfirm.ts'
import { dkgFinish } from '../dkg/dkgFinish.ts'
import { dkgReveal } from '../dkg/dkgReveal.ts'
import { dkgStart } from '../dkg/dkgStart.ts'
import type { DkgMessage, DkgOptions, DkgProgress, DkgState, DkgTranscript } from '../dkg/types.ts'
import { toHex } from '../encoding/bytes.ts'
import { type Rng, randomBytes } from '../encoding/random.ts'
import { MpcError } from '../errors.ts'
import type { KeyInfo, KeyVault } from './keyVault.ts'
import { progressSink } from './progress.ts'

export type WorkerDkgOptions = Omit<DkgOptions, 'onProgress' | 'rng'>

export type DkgStepResult =
  | { readonly done: false; readonly messages: DkgMessage[] }
  | { readonly done: true; readonly key: KeyInfo; readonly transcript: DkgTranscript }

export function createDkgSessions(vault: KeyVault, rng: Rng | undefined) {
  const sessions = new Map<string, DkgState>()

  function take(session: string): DkgState {
    const state = typeof session === 'string' ? sessions.get(session) : undefined
    if (state === undefined) throw new MpcError('Malformed', `unknown DKG session "${session}"`)
    return state
  }

  return {
    /** Round 1. `onProgress` may be a comlink proxy; its failures never break the protocol. */
    async dkgStart(
      options: WorkerDkgOptions,
      onProgress?: (progress: DkgProgress) => unknown,
    ): Promise<{ session: string; messages: DkgMessage[] }> {
      const sink = progressSink(onProgress)
      const { state, messages } = dkgStart({
        ...options,
        ...(sink === undefined ? {} : { onProgress: sink }),
        ...(rng === undefined ? {} : { rng }),
      })
      const session = `dkg-${toHex(randomBytes(16, rng))}`
      sessions.set(session, state)
      return { session, messages }
    },

    /** Runs the next round with its inbound messages; the last round stores the share. */
    async dkgStep(session: string, inbound: readonly unknown[]): Promise<DkgStepResult> {
      const state = take(session)
      try {
        switch (state.step) {
          case 2:
            return { done: false, messages: dkgCommit(state, inbound).messages }
          case 3:
            return { done: false, messages: dkgReveal(state, inbound).messages }
          case 4:
            return { done: false, messages: dkgConfirm(state, inbound).messages }
          case 5: {
            const { keyShare, transcript } = dkgFinish(state, inbound)
            sessions.delete(session)
            return { done: true, key: await vault.add(keyShare), transcript }
          }
          default:
            throw new MpcError('Malformed', `DKG session is ${String(state.step)}`)
        }
      } catch (error) {
        if (state.step === 'failed') {
          sessions.delete(session)
          cleanDkg(state)
        }
        throw error
      }
    },

    /** Abandons a DKG session and wipes its secrets. */
    async dkgAbort(session: string): Promise<void> {
      const state = sessions.get(session)
      sessions.delete(session)
      if (state !== undefined) cleanDkg(state)
    },
  }
}
