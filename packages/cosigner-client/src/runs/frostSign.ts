/**
 * FROST Ed25519 with the co-signer (RFC 9591; docs/THRESHOLD.md#frost-signing), signing set {1, 2}:
 * round 1 exchanges commitments, round 2 sends the device's signature share and gets the
 * aggregated signature back. The device's nonces are single-use (RFC 9591 §5.2): the store is
 * this run's own and the sub-stream's sid is the session id.
 */
import {
  type FrostCommitment,
  frostCommit,
  frostSignShare,
  type KeyShare,
  memoryNonceStore,
} from '@tessera/mpc'
import type { CosignerConnection } from '../connectCosigner.ts'
import { exchangeRound } from '../exchangeRound.ts'

export async function frostSign(
  connection: CosignerConnection,
  share: KeyShare,
  message: Uint8Array,
): Promise<Uint8Array> {
  const stream = connection.stream('frost-sign')
  const store = memoryNonceStore()
  const ours = await frostCommit(share, { sessionId: stream.sid, store })
  const a = await exchangeRound(stream, 'frost-sign', 1, {
    keyId: share.keyId,
    epoch: share.epoch,
    message,
    commitment: ours,
  })
  const commitments: FrostCommitment[] = [ours, a.commitment]
  const signatureShare = await frostSignShare(share, {
    sessionId: stream.sid,
    store,
    commitments,
    message,
  })
  const b = await exchangeRound(stream, 'frost-sign', 2, { share: signatureShare })
  return b.signature
}
