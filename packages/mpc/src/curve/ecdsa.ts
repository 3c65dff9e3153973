/**
 * ECDSA verification over secp256k1 for a 32-byte prehashed message, on this module's
 * variable-time msm (everything involved is public). High s is accepted; r, s ∈ [1, n) required.
 * Never use this file's functions with secret inputs.
 */
import { invN } from '../encoding/scalars.ts'
import { fe, feFromBig, isZero, mul, P_BIG, sub } from './field.ts'
import { basePrecomputed, msmUnsafe, type Precomputed } from './msm.ts'
import { isIdentity, type Pt } from './point.ts'
import { N } from './scalar.ts'

function bytesToBig(b: Uint8Array): bigint {
  let v = 0n
  for (const x of b) v = (v << 8n) | BigInt(x)
  return v
}

const lhs = fe()
const rhs = fe()
/** True when x(R) ≡ r with R = X/Z, checked as X = r·Z (or (r + n)·Z) without an inversion. */
function xMatches(R: Pt, r: bigint): boolean {
  for (const cand of r + N < P_BIG ? [r, r + N] : [r]) {
    mul(rhs, feFromBig(cand), R.z)
    sub(lhs, R.x, rhs)
    if (isZero(lhs)) return true
  }
  return false
}

/** Standard ECDSA verification of (r, s) on the 32-byte hash `msgHash` under public key `pub`. */
export function ecdsaVerifyPrehashed(
  r: bigint,
  s: bigint,
  msgHash: Uint8Array,
  pub: Pt | Precomputed,
): boolean {
  if (msgHash.length !== 32) throw new RangeError('curve: message hash must be 32 bytes')
  if (r <= 0n || r >= N || s <= 0n || s >= N) return false
  const e = bytesToBig(msgHash) % N
  const w = invN('secp256k1', s)
  const R = msmUnsafe([basePrecomputed(), pub], [(e * w) % N, (r * w) % N])
  if (isIdentity(R)) return false
  return xMatches(R, r)
}
