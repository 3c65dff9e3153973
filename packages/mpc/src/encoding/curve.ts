/**
 * The two signing curves behind one small interface, so DKG, refresh and derivation are written
 * once (docs/STYLE.md#2-generic-core: generic core, thin concrete instances). Holds no secrets.
 * Must never expose `multiplyUnsafe` on a path that can see a secret scalar.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'

export type CurveName = 'secp256k1' | 'ed25519'

export const CURVES: readonly CurveName[] = ['secp256k1', 'ed25519']

/** The point operations we use; both noble point classes satisfy it structurally. */
export interface GroupElement {
  add(other: GroupElement): GroupElement
  subtract(other: GroupElement): GroupElement
  multiply(scalar: bigint): GroupElement
  equals(other: GroupElement): boolean
  is0(): boolean
  toBytes(compressed?: boolean): Uint8Array
}

export interface CurveInfo {
  readonly name: CurveName
  /** Prime order of the group (q for secp256k1, L for Ed25519). */
  readonly order: bigint
  readonly scalarBytes: 32
  /** Encoded point length: 33 (compressed secp256k1) or 32 (Ed25519). */
  readonly pointBytes: 33 | 32
  /** Scalars are big-endian on secp256k1 and little-endian on Ed25519 (as noble FROST encodes). */
  readonly littleEndian: boolean
  readonly base: GroupElement
  readonly identity: GroupElement
}

const secp: CurveInfo = {
  name: 'secp256k1',
  order: secp256k1.Point.Fn.ORDER,
  scalarBytes: 32,
  pointBytes: 33,
  littleEndian: false,
  base: secp256k1.Point.BASE,
  identity: secp256k1.Point.ZERO,
}

const ed: CurveInfo = {
  name: 'ed25519',
  order: ed25519.Point.Fn.ORDER,
  scalarBytes: 32,
  pointBytes: 32,
  littleEndian: true,
  base: ed25519.Point.BASE,
  identity: ed25519.Point.ZERO,
}

export function curveInfo(name: CurveName): CurveInfo {
  if (name === 'secp256k1') return secp
  if (name === 'ed25519') return ed
  throw new TypeError(`unknown curve "${String(name)}"`)
}

export function isCurveName(value: unknown): value is CurveName {
  return value === 'secp256k1' || value === 'ed25519'
}
