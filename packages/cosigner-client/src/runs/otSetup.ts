/**
 * The pairwise DKLs23 OT setup with the co-signer for the key's current epoch
 * (docs/THRESHOLD.md#base-ot-and-ot-extension), needed after every refresh or recovery.
 * `pendingAck`: completes a refresh to `share.epoch` that a crash interrupted after the device
 * switched.
 */
import { hexToBytes } from '@noble/hashes/utils.js'
import {
  finishPairSetup,
  type KeyShare,
  type PairOtState,
  type PairSetupMessage1,
  type PairSetupMessage2,
  respondPairSetup,
  startPairSetup,
} from '@tessera/mpc'
import type { CosignerConnection } from '../connectCosigner.ts'
import { exchangeRound } from '../exchangeRound.ts'
import { COSIGNER_INDEX } from './staged.ts'

export async function otSetup(
  connection: CosignerConnection,
  share: KeyShare,
  options: { pendingAck?: Uint8Array } = {},
): Promise<PairOtState> {
  const stream = connection.stream('dkls23-setup')
  const { message, state } = startPairSetup({
    self: 1,
    peer: COSIGNER_INDEX,
    keyId: share.keyId,
    epoch: share.epoch,
    sid: hexToBytes(stream.sid),
  })
  const a = await exchangeRound(
    stream,
    'dkls23-setup',
    1,
    {
      epoch: share.epoch,
      message,
      ...(options.pendingAck === undefined ? {} : { pendingAck: options.pendingAck }),
    },
    share.keyId,
  )
  const answer = respondPairSetup(state, a.message as PairSetupMessage1)
  const pair = finishPairSetup(state, a.reply as PairSetupMessage2)
  await exchangeRound(stream, 'dkls23-setup', 2, { reply: answer })
  return pair
}
