/**
 * A fresh DKLs23 pair OT setup inside the Worker (docs/THRESHOLD.md#base-ot-and-ot-extension): for
 * a pair that was banned, the lazy pairs with the offline backup, or a key after a refresh (pairs
 * are per key and epoch). Two messages each way, as `dkls23/pairSetup.ts`: start → our message 1;
 * respond(their message 1) → our message 2; finish(their message 2) stores the pair beside the
 * share, replacing an old or banned one. Both parties pass the same 32-byte `sid` (the transport's
 * session id). The setup state (Δ, base-OT secrets) never leaves; a failed step wipes it.
 */

import { bytesToHex, clean } from '@noble/hashes/utils.js'
import {
  finishPairSetup,
  type PairSetupMessage1,
  type PairSetupMessage2,
  type PairSetupState,
  respondPairSetup,
  startPairSetup,
} from '../dkls23/pairSetup.ts'
import { banPair } from '../dkls23/pairState.ts'
import { expectInt } from '../encoding/expectInt.ts'
import { type Rng, randomBytes } from '../encoding/random.ts'
import { MpcError } from '../errors.ts'
import type { KeyVault } from './keyVault.ts'
import type { SigningVault } from './signingVault.ts'

type Session = { readonly handle: string; readonly state: PairSetupState }

export function createPairSetupSessions(
  vault: KeyVault,
  signing: SigningVault,
  rng: Rng | undefined,
) {
  const sessions = new Map<string, Session>()

  function close(session: string, s: Session): void {
    sessions.delete(session)
    const { state } = s
    clean(state.delta, state.receiver.alphas, state.receiver.choices)
    if (state.leaves !== undefined) clean(state.leaves)
  }

  /** Runs a step; any failure wipes and forgets the session (a retry starts over). */
  async function step<T>(session: string, run: (s: Session) => T | Promise<T>): Promise<T> {
    const s = typeof session === 'string' ? sessions.get(session) : undefined
    if (s === undefined) throw new MpcError('Malformed', `unknown pair setup session "${session}"`)
    try {
      return await run(s)
    } catch (error) {
      close(session, s)
      throw error
    }
  }

  return {
    /** Step 1 toward `peer`: our base-OT choice message. */
    async startPairSetup(
      handle: string,
      options: { readonly peer: number; readonly sid: Uint8Array },
    ): Promise<{ session: string; message: PairSetupMessage1 }> {
      const share = await vault.load(handle)
      if (share.curve !== 'secp256k1') throw new TypeError('DKLs23 signs on secp256k1 only')
      if (options === null || typeof options !== 'object') {
        throw new TypeError('"options" expected object')
      }
      const { message, state } = startPairSetup({
        self: share.index,
        peer: expectInt(options.peer, 1, share.n, 'peer'),
        keyId: share.keyId,
        epoch: share.epoch,
        sid: options.sid,
        ...(rng === undefined ? {} : { rng }),
      })
      const session = `pair-${bytesToHex(randomBytes(16, rng))}`
      sessions.set(session, { handle, state })
      return { session, message }
    },

    /** Step 2: answer the peer's message 1. */
    async respondPairSetup(session: string, message: PairSetupMessage1) {
      return step(session, (s) => respondPairSetup(s.state, message, rng))
    },

    /** Step 3: finish with the peer's message 2 and store the pair for the key's current epoch. */
    async finishPairSetup(session: string, message: PairSetupMessage2): Promise<void> {
      await step(session, async (s) => {
        const pair = finishPairSetup(s.state, message)
        const share = await vault.load(s.handle)
        if (share.epoch !== pair.epoch || share.keyId !== pair.keyId) {
          banPair(pair)
          throw new MpcError('Abort', 'pair setup: the key switched epoch meanwhile; run it again')
        }
        await signing.savePair(s.handle, pair)
        close(session, s)
      })
    },

    /** Abandons a pair setup and wipes its secrets. */
    async abortPairSetup(session: string): Promise<void> {
      const s = sessions.get(session)
      if (s !== undefined) close(session, s)
    },
  }
}
