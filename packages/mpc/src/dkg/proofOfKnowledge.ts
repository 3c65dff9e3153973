/**
 * Schnorr proof of knowledge of a dealer's constant term a_i0 (docs/THRESHOLD.md#dkg; attack 8).
 * The challenge binds sid and the prover's index, so a proof replayed under another sid or by
 * another party fails (attack 3). Uses a fresh nonce per proof; never multiplyUnsafe on secrets
 * (the prover's k and a_i0); the verifier's values are all public.
 */
import type { CurveName } from '../encoding/curve.ts'
import { curveInfo } from '../encoding/curve.ts'
import { decodePoint, encodePoint, mulBase, mulPublic } from '../encoding/points.ts'
import type { Rng } from '../encoding/random.ts'
import { decodeScalar, encodeScalar, modN, randomScalar } from '../encoding/scalars.ts'
import { TAGS } from '../hash/tags.ts'
import { hashToScalar } from '../hash/toScalar.ts'
import type { PokProof } from './types.ts'

function challenge(
  curve: CurveName,
  sid: Uint8Array,
  prover: number,
  constant: Uint8Array,
  R: Uint8Array,
): bigint {
  return hashToScalar(curve, TAGS.dkgPok, sid, Uint8Array.of(prover), constant, R)
}

export function provePok(
  curve: CurveName,
  sid: Uint8Array,
  prover: number,
  secret: bigint,
  constant: Uint8Array,
  rng?: Rng,
): PokProof {
  const k = randomScalar(curve, rng)
  const R = encodePoint(curve, mulBase(curve, k))
  const c = challenge(curve, sid, prover, constant, R)
  const z = encodeScalar(curve, modN(curve, k + c * secret))
  return { R, z }
}

/**
 * True iff z·G = R + c·C_0 for c = H(sid, prover, C_0, R). Inputs must be decodable. Every value
 * here is public (the proof, the commitment, the challenge), so both products are variable-time.
 */
export function verifyPok(
  curve: CurveName,
  sid: Uint8Array,
  prover: number,
  constant: Uint8Array,
  proof: PokProof,
): boolean {
  const C0 = decodePoint(curve, constant, 'commitments[0]')
  const R = decodePoint(curve, proof.R, 'proof.R')
  const z = decodeScalar(curve, proof.z, 'proof.z', { allowZero: true })
  const c = challenge(curve, sid, prover, constant, proof.R)
  return mulPublic(curve, curveInfo(curve).base, z).equals(R.add(mulPublic(curve, C0, c)))
}
