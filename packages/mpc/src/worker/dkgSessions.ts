/**
 * DKG inside the Worker (docs/THRESHOLD.md#dkg): the caller passes each round's inbound messages
 * and gets the outbound ones; the DkgState (polynomial coefficients, zero seeds) never leaves.
 * On success the share goes straight into the vault and the caller gets a handle and public data;
 * on secp256k1 the pair OT states the DKG set up with each online peer are stored beside it.
 * A failed round wipes and forgets its session (a retry needs a fresh sid).
 */

import { bytesToHex } from '@noble/hashes/utils.js'
import { cleanDkg } from '../dkg/common.ts'
import { dkgCommit } from '../dkg/dkgCommit.ts'
import { dkgConfirm } from '../dkg/dkgConfirm.ts'
import { dkgFinish } from '../dkg/dkgFinish.ts'
import { dkgReveal } from '../dkg/dkgReveal.ts'
import { dkgStart } from '../dkg/dkgStart.ts'
import type { DkgMessage, DkgOptions, DkgProgress, DkgState, DkgTranscript } from '../dkg/types.ts'
import { type Rng, randomBytes } from '../encoding/random.ts'
import { MpcError } from '../errors.ts'
import type { KeyInfo, KeyVault } from './keyVault.ts'
import { type Channel, type ChannelOptions, createChannel } from './privatePayload.ts'
import { progressSink } from './progress.ts'
import { encodePairs } from './signingVault.ts'

export type WorkerDkgOptions = Omit<DkgOptions, 'onProgress' | 'rng'> & {
  /** Seal round-3 private values to each peer's X25519 key (see privatePayload.ts). */
  readonly channel?: ChannelOptions
}

export type DkgStepResult =
  | { readonly done: false; readonly messages: DkgMessage[] }
  | { readonly done: true; readonly key: KeyInfo; readonly transcript: DkgTranscript }

type Session = { state: DkgState; channel: Channel }

export function createDkgSessions(
  vault: KeyVault,
  rng: Rng | undefined,
  takeKey: (handle: string) => Uint8Array,
) {
  const sessions = new Map<string, Session>()

  function take(session: string): Session {
    const s = typeof session === 'string' ? sessions.get(session) : undefined
    if (s === undefined) throw new MpcError('Malformed', `unknown DKG session "${session}"`)
    return s
  }

  function close(session: string, s: Session): void {
    sessions.delete(session)
    cleanDkg(s.state)
    s.channel.close()
  }

  return {
    /** Round 1. `onProgress` may be a comlink proxy; its failures never break the protocol. */
    async dkgStart(
      options: WorkerDkgOptions,
      onProgress?: (progress: DkgProgress) => unknown,
    ): Promise<{ session: string; messages: DkgMessage[] }> {
      const sink = progressSink(onProgress)
      const { channel: channelOptions, ...dkgOptions } = options
      const { state, messages } = dkgStart({
        ...dkgOptions,
        ...(sink === undefined ? {} : { onProgress: sink }),
        ...(rng === undefined ? {} : { rng }),
      })
      const peers = state.config.online.filter((p) => p !== state.config.index)
      const channel = createChannel(channelOptions, peers, takeKey, rng)
      const session = `dkg-${bytesToHex(randomBytes(16, rng))}`
      sessions.set(session, { state, channel })
      return { session, messages }
    },

    /** Runs the next round with its inbound messages; the last round stores the share. */
    async dkgStep(session: string, inbound: readonly unknown[]): Promise<DkgStepResult> {
      const s = take(session)
      const { state, channel } = s
      try {
        const opened = channel.open(inbound)
        switch (state.step) {
          case 2:
            return { done: false, messages: dkgCommit(state, opened).messages }
          case 3:
            return { done: false, messages: channel.seal(dkgReveal(state, opened).messages) }
          case 4:
            return { done: false, messages: dkgConfirm(state, opened).messages }
          case 5: {
            const { keyShare, transcript, pairs } = dkgFinish(state, opened)
            close(session, s)
            const stored = Object.keys(pairs).length === 0 ? undefined : encodePairs(pairs)
            return { done: true, key: await vault.add(keyShare, stored), transcript }
          }
          default:
            throw new MpcError('Malformed', `DKG session is ${String(state.step)}`)
        }
      } catch (error) {
        if (state.step === 'failed') close(session, s)
        throw error
      }
    },

    /** Abandons a DKG session and wipes its secrets. */
    async dkgAbort(session: string): Promise<void> {
      const s = sessions.get(session)
      if (s !== undefined) close(session, s)
    },
  }
}
