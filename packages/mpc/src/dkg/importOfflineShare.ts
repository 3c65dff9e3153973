/**
 * The offline (backup) party's side of the DKG (docs/THRESHOLD.md#dkg: f_i(k) is encrypted to the
 * backup's X25519 key; X_k is checked from the public commitments). Recomputes the sid from the
 * transcript, verifies every dealer's proof of knowledge, decrypts and checks each f_i(k) against
 * that dealer's commitments, and rebuilds the KeyShare. Never trusts the transcript's PK: it is
 * recomputed and compared. The X25519 secret key is not kept.
 */

import { equalBytes } from '@noble/curves/utils.js'
import { abytes } from '@noble/hashes/utils.js'
import { eciesOpen } from '../backup/ecies.ts'
import type { GroupElement } from '../encoding/curve.ts'
import { decodePoint, encodePoint, mulBase } from '../encoding/points.ts'
import { decodeScalar, encodeScalar, modN } from '../encoding/scalars.ts'
import { MpcError } from '../errors.ts'
import { deriveSid } from '../hash/sid.ts'
import { backupAad, chainCodeOf, parseReveal, sidContext, zeroSeed } from './common.ts'
import { type KeyShare, validateKeyShare } from './keyShare.ts'
import { evalCommitments } from './polynomial.ts'
import { verifyPok } from './proofOfKnowledge.ts'
import type { DkgConfig, DkgTranscript } from './types.ts'

export function importOfflineShare(
  transcript: DkgTranscript,
  index: number,
  encryptionSecretKey: Uint8Array,
): KeyShare {
  const { curve, t, n } = transcript
  const offlineEntry = transcript.offline.find((o) => o.index === index)
  if (offlineEntry === undefined) {
    throw new MpcError('Malformed', `party ${index} is not an offline party of this DKG`)
  }
  const config: DkgConfig = {
    curve,
    keyId: transcript.keyId,
    epoch: transcript.epoch,
    t,
    n,
    index,
    online: transcript.online,
    offline: transcript.offline,
    // The offline party's pairs are set up lazily (docs/THRESHOLD.md#dkg), never from the
    // transcript.
    pairSetup: false,
  }
  if (transcript.nonces.length !== transcript.online.length) {
    throw new MpcError('Malformed', 'transcript has the wrong number of nonces')
  }
  transcript.nonces.forEach((x, k) => {
    abytes(x, 32, `nonces[${k}]`)
  })
  const sid = deriveSid({
    protocol: 'dkg',
    keyId: transcript.keyId,
    epoch: transcript.epoch,
    parties: transcript.online,
    nonces: transcript.nonces,
    context: sidContext(config),
  })
  let x = 0n
  let aggregate: GroupElement[] | undefined
  const zeroSeeds: Record<number, Uint8Array> = {}
  transcript.online.forEach((j, at) => {
    let reveal: ReturnType<typeof parseReveal>
    let C: GroupElement[]
    try {
      reveal = parseReveal(config, transcript.reveals[at])
      C = reveal.commitments.map((c, k) => decodePoint(curve, c, `commitments[${k}]`))
    } catch (cause) {
      throw new MpcError('Malformed', `invalid reveal from party ${j}`, { culprit: j, cause })
    }
    if (!verifyPok(curve, sid, j, reveal.commitments[0] as Uint8Array, reveal.proof)) {
      throw new MpcError('Abort', `invalid proof of knowledge from party ${j}`, { culprit: j })
    }
    const dealing = reveal.backups.find((b) => b.to === index)
    if (dealing === undefined) {
      throw new MpcError('Malformed', `no dealing for us from party ${j}`, { culprit: j })
    }
    let plaintext: Uint8Array
    try {
      plaintext = eciesOpen(encryptionSecretKey, dealing.ciphertext, backupAad(sid, j, index))
    } catch (cause) {
      throw new MpcError('Abort', `dealing from party ${j} does not decrypt`, { culprit: j, cause })
    }
    const expectedLength = curve === 'secp256k1' ? 64 : 32
    if (plaintext.length !== expectedLength) {
      throw new MpcError('Malformed', `dealing from party ${j} has the wrong length`, {
        culprit: j,
      })
    }
    const fjk = decodeScalar(curve, plaintext.subarray(0, 32), 'share', { allowZero: true })
    if (!mulBase(curve, fjk).equals(evalCommitments(curve, C, BigInt(index)))) {
      throw new MpcError('Abort', `dealing from party ${j} does not match its commitments`, {
        culprit: j,
      })
    }
    if (curve === 'secp256k1') zeroSeeds[j] = zeroSeed(sid, j, index, plaintext.subarray(32, 64))
    plaintext.fill(0)
    x = modN(curve, x + fjk)
    aggregate = aggregate === undefined ? C : aggregate.map((A, k) => A.add(C[k] as GroupElement))
  })
  const agg = aggregate as GroupElement[]
  const publicKey = encodePoint(curve, agg[0] as GroupElement)
  if (!equalBytes(publicKey, transcript.publicKey)) {
    throw new MpcError('Abort', 'transcript public key does not match its commitments')
  }
  const share: KeyShare = {
    v: 1,
    curve,
    keyId: transcript.keyId,
    epoch: transcript.epoch,
    index,
    t,
    n,
    secretShare: encodeScalar(curve, x),
    publicKey,
    publicShares: Array.from({ length: n }, (_, k) =>
      encodePoint(curve, evalCommitments(curve, agg, BigInt(k + 1))),
    ),
    chainCode: chainCodeOf(
      sid,
      transcript.reveals.map((r) => r.chainCode),
    ),
    zeroSeeds,
  }
  try {
    validateKeyShare(share)
  } catch (cause) {
    throw new MpcError(
      'Abort',
      `imported share fails the key checks: ${(cause as Error).message}`,
      {
        cause,
      },
    )
  }
  return share
}
