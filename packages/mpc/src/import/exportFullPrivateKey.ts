/**
 * Export of the full private key (docs/THRESHOLD.md#import-and-export: exists, behind explicit
 * confirmation). This is the one function that assembles the key; it refuses unless the caller
 * passes the exact confirmation sentence, t shares of one key and epoch, and checks the result
 * against PK. After export the key has left Tessera for good; the caller must say so in the UI.
 */

import { equalBytes } from '@noble/curves/utils.js'
import type { KeyShare } from '../dkg/keyShare.ts'
import { lagrangeAtZero } from '../dkg/polynomial.ts'
import { decodePoint, mulBase } from '../encoding/points.ts'
import { decodeScalar, encodeScalar, modN } from '../encoding/scalars.ts'
import { MpcError } from '../errors.ts'

export const EXPORT_CONFIRMATION =
  'I understand that the exported key leaves Tessera for good' as const

export function exportFullPrivateKey(
  shares: readonly KeyShare[],
  options: { confirm: typeof EXPORT_CONFIRMATION },
): Uint8Array {
  if (options?.confirm !== EXPORT_CONFIRMATION) {
    throw new MpcError('Malformed', 'exportFullPrivateKey needs the explicit confirmation sentence')
  }
  const first = shares[0]
  if (first === undefined || shares.length < first.t)
    throw new MpcError('Malformed', 'need at least t shares')
  const indices = shares.map((s) => s.index)
  if (new Set(indices).size !== indices.length)
    throw new MpcError('Malformed', 'duplicate share index')
  for (const s of shares) {
    if (
      s.keyId !== first.keyId ||
      s.epoch !== first.epoch ||
      s.curve !== first.curve ||
      !equalBytes(s.publicKey, first.publicKey)
    ) {
      throw new MpcError('Abort', `share ${s.index} belongs to another key or epoch`, {
        culprit: s.index,
      })
    }
  }
  const { curve } = first
  let key = 0n
  for (const s of shares) {
    key = modN(
      curve,
      key +
        lagrangeAtZero(curve, indices, s.index) * decodeScalar(curve, s.secretShare, 'secretShare'),
    )
  }
  if (!mulBase(curve, key).equals(decodePoint(curve, first.publicKey, 'publicKey'))) {
    throw new MpcError('Abort', 'the shares do not reconstruct the public key')
  }
  return encodeScalar(curve, key)
}
