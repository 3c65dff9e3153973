/**
 * Point encodings (docs/THRESHOLD.md#conventions): secp256k1 points are 33-byte compressed, Ed25519
 * points 32 bytes strict RFC 8032 and torsion-free; the identity and invalid encodings are rejected
 * on decode. `explicitIdentity` is the one encoding of O we accept, only where a protocol demands
 * an identity (a refresh polynomial's constant commitment). Public data only.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { equalBytes } from '@noble/curves/utils.js'
import { abytes, bytesToHex } from '@noble/hashes/utils.js'
import { type CurveName, curveInfo, type GroupElement } from './curve.ts'

/**
 * Validated public points by encoding. Decoding is deterministic, so a point that passed the
 * checks once passes them again; Ed25519's torsion check alone costs a full scalar multiplication
 * (FROST signing decodes the same verifying shares on every call). Public data only, bounded.
 */
const CACHE_SIZE = 512
const validated = new Map<string, GroupElement>()

function cacheKey(curve: CurveName, bytes: Uint8Array): string {
  return `${curve}:${bytesToHex(bytes)}`
}

function remember(key: string, point: GroupElement): void {
  if (validated.size >= CACHE_SIZE) {
    const oldest = validated.keys().next().value
    if (oldest !== undefined) validated.delete(oldest)
  }
  validated.set(key, point)
}

/** Decodes a public point; throws RangeError for identity, off-curve, small-order or torsion. */
export function decodePoint(curve: CurveName, bytes: unknown, title: string): GroupElement {
  const info = curveInfo(curve)
  const b = abytes(bytes as Uint8Array, info.pointBytes, title)
  const key = cacheKey(curve, b)
  const known = validated.get(key)
  if (known !== undefined) return known
  let point: GroupElement
  try {
    if (curve === 'secp256k1') {
      if (b[0] !== 2 && b[0] !== 3) throw new Error('not a compressed point')
      point = secp256k1.Point.fromBytes(b)
    } else {
      const p = ed25519.Point.fromBytes(b, false)
      if (!p.isTorsionFree()) throw new Error('point has a torsion component')
      point = p
    }
  } catch (cause) {
    throw new RangeError(`"${title}" is not a valid ${curve} point`, { cause })
  }
  if (point.is0()) throw new RangeError(`"${title}" is the identity`)
  remember(key, point)
  return point
}

export function encodePoint(curve: CurveName, point: GroupElement): Uint8Array {
  if (point.is0()) throw new RangeError('cannot encode the identity')
  return curve === 'secp256k1' ? point.toBytes(true) : point.toBytes()
}

/** The encoding we use for O where a protocol requires it: 33 zero bytes / Ed25519's (0, 1). */
export function explicitIdentity(curve: CurveName): Uint8Array {
  return curve === 'secp256k1' ? new Uint8Array(33) : ed25519.Point.ZERO.toBytes()
}

export function isExplicitIdentity(curve: CurveName, bytes: Uint8Array): boolean {
  return equalBytes(bytes, explicitIdentity(curve))
}

/** k·P with k possibly zero (noble rejects 0); constant-time multiply, never multiplyUnsafe. */
export function mul(curve: CurveName, point: GroupElement, k: bigint): GroupElement {
  const info = curveInfo(curve)
  const r = ((k % info.order) + info.order) % info.order
  return r === 0n ? info.identity : point.multiply(r)
}

/**
 * k·P in variable time, for PUBLIC scalars and points only (Feldman commitments at an index,
 * Lagrange-weighted public shares, signature-share checks). Never pass a secret here.
 */
export function mulPublic(curve: CurveName, point: GroupElement, k: bigint): GroupElement {
  const info = curveInfo(curve)
  const r = ((k % info.order) + info.order) % info.order
  return r === 0n ? info.identity : (point as PublicMul).multiplyUnsafe(r)
}

type PublicMul = GroupElement & { multiplyUnsafe(k: bigint): GroupElement }

export function mulBase(curve: CurveName, k: bigint): GroupElement {
  return mul(curve, curveInfo(curve).base, k)
}
