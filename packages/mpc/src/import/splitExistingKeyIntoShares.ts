/**
 * Import of an existing key (docs/THRESHOLD.md#refresh-backup-recovery): a trusted-dealer Shamir
 * split run on the device, after which the caller must erase the full key. This is the one place a
 * whole private key is an input; it must never keep, return or log it, and it wipes its copy.
 */

import { abytes, clean } from '@noble/hashes/utils.js'
import {
  type KeyShare,
  validateKeyId,
  validateKeyShare,
  validateThreshold,
} from '../dkg/keyShare.ts'
import { evalPolynomial, randomPolynomial } from '../dkg/polynomial.ts'
import { type CurveName, curveInfo } from '../encoding/curve.ts'
import { encodePoint, mulBase } from '../encoding/points.ts'
import { type Rng, randomBytes } from '../encoding/random.ts'
import { decodeScalar, encodeScalar } from '../encoding/scalars.ts'

export type SplitOptions = {
  readonly curve: CurveName
  readonly keyId: string
  readonly t: number
  readonly n: number
  /** The key to split: a 32-byte scalar in the curve's encoding (for Ed25519 the clamped scalar). */
  readonly privateKey: Uint8Array
  /** 32-byte chain code; random when omitted. */
  readonly chainCode?: Uint8Array
  readonly epoch?: number
  /** Test-only deterministic randomness. */
  readonly rng?: Rng
}

/** Splits an existing private key into n shares at threshold t; the caller erases the key. */
export function splitExistingKeyIntoShares(options: SplitOptions): KeyShare[] {
  const { curve, t, n } = options
  validateKeyId(options.keyId)
  validateThreshold(t, n)
  const key = decodeScalar(curve, options.privateKey, 'privateKey')
  const pk = mulBase(curve, key)
  if (pk.equals(curveInfo(curve).base)) throw new RangeError('"privateKey" is one')
  const chainCode =
    options.chainCode === undefined
      ? randomBytes(32, options.rng)
      : abytes(options.chainCode, 32, 'chainCode').slice()
  const coefficients = randomPolynomial(curve, key, t, options.rng)
  const shares = Array.from({ length: n }, (_, k) =>
    evalPolynomial(curve, coefficients, BigInt(k + 1)),
  )
  coefficients.fill(0n)
  const publicShares = shares.map((x) => encodePoint(curve, mulBase(curve, x)))
  const publicKey = encodePoint(curve, pk)
  // Pairwise F_Zero seeds (secp256k1): dealt by the same device that holds the key to erase.
  const seeds = new Map<string, Uint8Array>()
  const seedFor = (a: number, b: number): Uint8Array => {
    const id = `${Math.min(a, b)}:${Math.max(a, b)}`
    let seed = seeds.get(id)
    if (seed === undefined) {
      seed = randomBytes(32, options.rng)
      seeds.set(id, seed)
    }
    return seed
  }
  const result = shares.map((x, k): KeyShare => {
    const index = k + 1
    const zeroSeeds: Record<number, Uint8Array> = {}
    if (curve === 'secp256k1') {
      for (let j = 1; j <= n; j++) if (j !== index) zeroSeeds[j] = seedFor(index, j).slice()
    }
    const share: KeyShare = {
      v: 1,
      curve,
      keyId: options.keyId,
      epoch: options.epoch ?? 0,
      index,
      t,
      n,
      secretShare: encodeScalar(curve, x),
      publicKey: publicKey.slice(),
      publicShares: publicShares.map((p) => p.slice()),
      chainCode: chainCode.slice(),
      zeroSeeds,
    }
    validateKeyShare(share)
    return share
  })
  for (const seed of seeds.values()) clean(seed)
  return result
}
