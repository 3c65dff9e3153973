/**
 * The offline party's side of a refresh (docs/THRESHOLD.md#refresh-backup-recovery: encrypted
 * deltas for the offline backup). From the public transcript, recompute the sid over our own
 * public state, decrypt our g_j(k) from each dealing with our X25519 key, verify each against its
 * dealer's commitments (refreshApply names a cheater), and check the result is the public state
 * every online party acknowledged. Returns the share at epoch + 1; the X25519 key is not kept.
 */

import { equalBytes } from '@noble/curves/utils.js'
import { abytes } from '@noble/hashes/utils.js'
import { eciesOpen } from '../backup/ecies.ts'
import { type KeyShare, publicKeyState } from '../dkg/keyShare.ts'
import { MpcError } from '../errors.ts'
import { refreshApply } from './refreshApply.ts'
import { refreshAad } from './refreshDeal.ts'
import { parseDealing, participants, reshareSid } from './reshareCommon.ts'
import type { ReshareConfig, ReshareTranscript } from './reshareTypes.ts'

export function applyOfflineRefresh(
  share: KeyShare,
  transcript: ReshareTranscript,
  encryptionSecretKey: Uint8Array,
): KeyShare {
  if (transcript.keyId !== share.keyId || transcript.epoch !== share.epoch) {
    throw new MpcError('Abort', 'transcript is for another key or epoch')
  }
  if (!transcript.offline.some((o) => o.index === share.index)) {
    throw new MpcError('Malformed', `party ${share.index} is not an offline party of this refresh`)
  }
  const config: ReshareConfig = {
    protocol: transcript.protocol,
    record: publicKeyState(share),
    index: share.index,
    dealers: transcript.dealers,
    target: transcript.target,
    offline: transcript.offline,
  }
  const parties = participants(config)
  if (transcript.nonces.length !== parties.length) {
    throw new MpcError('Malformed', 'transcript has the wrong number of nonces')
  }
  transcript.nonces.forEach((x, k) => {
    abytes(x, 32, `nonces[${k}]`)
  })
  const sid = reshareSid(config, transcript.nonces)
  const deltas = new Map<number, Uint8Array>()
  const dealings = config.dealers.map((j, at) => {
    let dealing: ReturnType<typeof parseDealing>
    try {
      dealing = parseDealing(config, j, transcript.dealings[at])
    } catch (cause) {
      throw new MpcError('Malformed', `invalid dealing from party ${j}`, { culprit: j, cause })
    }
    const mine = dealing.backups.find((b) => b.to === share.index) as { ciphertext: Uint8Array }
    try {
      deltas.set(
        j,
        eciesOpen(encryptionSecretKey, mine.ciphertext, refreshAad(sid, j, share.index)),
      )
    } catch (cause) {
      throw new MpcError('Abort', `delta from party ${j} does not decrypt`, { culprit: j, cause })
    }
    return dealing
  })
  const pending = refreshApply(share, sid, dealings, deltas)
  for (const d of deltas.values()) d.fill(0)
  if (!equalBytes(pending.ack, transcript.ack)) {
    throw new MpcError(
      'Abort',
      'refreshed state differs from the one the online parties acknowledged',
    )
  }
  return pending.share
}
