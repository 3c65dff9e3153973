/**
 * FROST Ed25519 with the co-signer (RFC 9591; docs/THRESHOLD.md#frost-signing), signing set {1, 2}:
 * round 1 exchanges commitments, round 2 sends the device's signature share and gets the
 * aggregated signature back. The device's nonces are single-use (RFC 9591 §5.2): the store is
 * this run's own and the sub-stream's sid is the session id. Both sign with the child key at `path`
 * (default `m`, the root); the co-signer verifies the aggregate under that child key. The run
 * names what the bytes are, for the co-signer's policy: a text message (`solana_signMessage`, the
 * default) or a transaction message on a `solana:<genesis>` chain (`solana_signTransaction`); the
 * payload sent is the message itself in hex.
 */
import { bytesToHex } from '@noble/hashes/utils.js'
import {
  type FrostCommitment,
  frostCommit,
  frostSignShare,
  type KeyShare,
  memoryNonceStore,
} from '@tessera/mpc'
import type { CosignerConnection } from '../connectCosigner.ts'
import { exchangeRound } from '../exchangeRound.ts'
import { derivationAt } from './derivation.ts'

/** `origin`: the dapp session's canonical origin, as in `SigningRequest`. */
export type SolanaSigningForm =
  | { readonly method: 'solana_signMessage'; readonly chainId?: string; readonly origin?: string }
  | {
      readonly method: 'solana_signTransaction'
      readonly chainId: string
      readonly origin?: string
    }

export async function frostSign(
  connection: CosignerConnection,
  share: KeyShare,
  message: Uint8Array,
  path = 'm',
  form: SolanaSigningForm = { method: 'solana_signMessage' },
): Promise<Uint8Array> {
  const at = derivationAt(share, path)
  const stream = connection.stream('frost-sign')
  const store = memoryNonceStore()
  const ours = await frostCommit(share, { sessionId: stream.sid, store })
  const a = await exchangeRound(stream, 'frost-sign', 1, {
    keyId: share.keyId,
    epoch: share.epoch,
    path: at.path,
    message,
    request: { ...form, payload: `0x${bytesToHex(message)}` },
    commitment: ours,
  })
  const commitments: FrostCommitment[] = [ours, a.commitment]
  const signatureShare = await frostSignShare(share, {
    sessionId: stream.sid,
    store,
    commitments,
    message,
    delta: at.delta,
  })
  const b = await exchangeRound(stream, 'frost-sign', 2, { share: signatureShare })
  return b.signature
}
