/**
 * Test-only recombination (never in package code): the group secret from t shares by Lagrange
 * interpolation at 0, and whether a set of shares opens the public key. Tests use it to check
 * protocols and to scan transcripts for the secret; production code never combines shares.
 */
import type { KeyShare } from '../dkg/keyShare.ts'
import { lagrangeAtZero } from '../dkg/polynomial.ts'
import { decodePoint, mulBase } from '../encoding/points.ts'
import { decodeScalar, encodeScalar, modN } from '../encoding/scalars.ts'

export function groupSecret(shares: readonly KeyShare[]): bigint {
  const first = shares[0] as KeyShare
  const ids = shares.map((s) => s.index)
  let x = 0n
  for (const s of shares) {
    x = modN(
      first.curve,
      x + lagrangeAtZero(first.curve, ids, s.index) * decodeScalar(first.curve, s.secretShare, 'x'),
    )
  }
  return x
}

export function groupSecretBytes(shares: readonly KeyShare[]): Uint8Array {
  return encodeScalar((shares[0] as KeyShare).curve, groupSecret(shares))
}

export function opensPublicKey(shares: readonly KeyShare[]): boolean {
  const first = shares[0] as KeyShare
  return mulBase(first.curve, groupSecret(shares)).equals(
    decodePoint(first.curve, first.publicKey, 'PK'),
  )
}
