/**
 * DKG with the co-signer (docs/THRESHOLD.md#dkg): the device is party 1, the co-signer 2, the
 * offline backup 3 (its share is encrypted to `backupKey` inside the DKG; import it with
 * `importOfflineShare` from the transcript). The device stores its share, then reports it stored
 * (round 4) and only then is the key active on the co-signer. For secp256k1 the same rounds set
 * up the pairwise OT: the key signs with DKLs23 at once (`pair`).
 */

import { bytesToHex } from '@noble/hashes/utils.js'
import {
  type DkgTranscript,
  dkgCommit,
  dkgConfirm,
  dkgFinish,
  dkgReveal,
  dkgStart,
  type KeyShare,
  type PairOtState,
} from '@tessera/mpc'
import { CosignerClientError } from '../CosignerClientError.ts'
import type { CosignerConnection } from '../connectCosigner.ts'
import { exchangeRound } from '../exchangeRound.ts'
import { COSIGNER_INDEX, runStaged } from './staged.ts'

export interface DkgParameters {
  readonly keyId: string
  readonly curve: 'secp256k1' | 'ed25519'
  /** The backup's X25519 public key (party 3). */
  readonly backupKey: Uint8Array
  /**
   * Stores the device's new share durably before the co-signer activates the key; defaults to
   * doing nothing (the caller keeps the returned share).
   */
  readonly store?: (share: KeyShare) => Promise<void>
}

export interface DkgResult {
  readonly share: KeyShare
  readonly transcript: DkgTranscript
  /** secp256k1: the device's OT state toward the co-signer. */
  readonly pair?: PairOtState
}

export async function dkg(
  connection: CosignerConnection,
  parameters: DkgParameters,
): Promise<DkgResult> {
  const offline = [{ index: 3, encryptionKey: parameters.backupKey }]
  const online = [1, COSIGNER_INDEX]
  const started = dkgStart({
    curve: parameters.curve,
    keyId: parameters.keyId,
    t: 2,
    n: 3,
    online,
    offline,
    index: 1,
  })
  const stream = connection.stream('dkg')
  let theirPublicKey: Uint8Array | undefined
  const results = await runStaged(
    new Map([[1, started]]),
    {
      commit: dkgCommit,
      reveal: dkgReveal,
      confirm: dkgConfirm,
      finish: dkgFinish,
    },
    {
      async round1(messages) {
        const reply = await exchangeRound(
          stream,
          'dkg',
          1,
          { variant: 'start', curve: parameters.curve, t: 2, n: 3, online, offline, messages },
          parameters.keyId,
        )
        if (reply.variant !== 'started')
          throw new CosignerClientError(
            'BadReply',
            'the co-signer completed a DKG it was asked to start',
          )
        return reply.messages
      },
      round2: async (messages) => (await exchangeRound(stream, 'dkg', 2, { messages })).messages,
      async round3(messages) {
        theirPublicKey = (await exchangeRound(stream, 'dkg', 3, { messages })).publicKey
      },
    },
  )
  const result = results.get(1) as ReturnType<typeof dkgFinish>
  // Public keys: comparing their hex is fine (nothing secret).
  if (bytesToHex(theirPublicKey ?? new Uint8Array(0)) !== bytesToHex(result.keyShare.publicKey))
    throw new CosignerClientError(
      'BadReply',
      'the co-signer finished the DKG with another public key',
    )
  await parameters.store?.(result.keyShare)
  await exchangeRound(stream, 'dkg', 4, { stored: true })
  const pair = result.pairs[COSIGNER_INDEX]
  return {
    share: result.keyShare,
    transcript: result.transcript,
    ...(pair === undefined ? {} : { pair }),
  }
}
