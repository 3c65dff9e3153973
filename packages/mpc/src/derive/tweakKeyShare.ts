/**
 * Applies a derivation tweak δ to a whole KeyShare (x_i + δ, PK + δG, X_k + δG, the child chain
 * code), for protocols that want a derived share object. Σλ_i = 1 over any signing set, so every
 * party adding δ adds δ once to the key. The result holds a secret: never log it.
 */
import type { KeyShare } from '../dkg/keyShare.ts'
import { decodePoint, encodePoint, mulBase } from '../encoding/points.ts'
import { decodeScalar, encodeScalar, modN } from '../encoding/scalars.ts'

export function tweakKeyShare(share: KeyShare, delta: bigint, chainCode: Uint8Array): KeyShare {
  const { curve } = share
  const D = mulBase(curve, delta)
  const shift = (p: Uint8Array, title: string) =>
    delta === 0n ? p.slice() : encodePoint(curve, decodePoint(curve, p, title).add(D))
  const x = decodeScalar(curve, share.secretShare, 'secretShare')
  return {
    ...share,
    secretShare: encodeScalar(curve, modN(curve, x + delta)),
    publicKey: shift(share.publicKey, 'publicKey'),
    publicShares: share.publicShares.map((p, k) => shift(p, `publicShares[${k}]`)),
    chainCode: chainCode.slice(),
    zeroSeeds: Object.fromEntries(
      Object.entries(share.zeroSeeds).map(([j, s]) => [Number(j), s.slice()]),
    ),
  }
}
