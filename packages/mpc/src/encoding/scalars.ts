/**
 * Scalar encodings (docs/THRESHOLD.md#conventions): secp256k1 scalars are 32 bytes big-endian,
 * Ed25519 scalars 32 bytes little-endian as noble FROST encodes them; values ≥ the group order are
 * rejected, and zero where the caller says so. Arithmetic mod the order lives here too.
 * Must never log or stringify a scalar.
 */
import { abytes } from '@noble/hashes/utils.js'
import { type CurveName, curveInfo } from './curve.ts'
import { type Rng, randomBytes } from './random.ts'

function bytesToBig(bytes: Uint8Array, littleEndian: boolean): bigint {
  let out = 0n
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[littleEndian ? bytes.length - 1 - i : i] as number
    out = (out << 8n) | BigInt(b)
  }
  return out
}

function bigToBytes(value: bigint, length: number, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(length)
  let v = value
  for (let i = 0; i < length; i++) {
    out[littleEndian ? i : length - 1 - i] = Number(v & 0xffn)
    v >>= 8n
  }
  if (v !== 0n) throw new RangeError('scalar does not fit')
  return out
}

/** Decodes a canonical scalar; rejects ≥ order and (unless `allowZero`) zero. */
export function decodeScalar(
  curve: CurveName,
  bytes: unknown,
  title: string,
  options: { allowZero?: boolean } = {},
): bigint {
  const info = curveInfo(curve)
  const b = abytes(bytes as Uint8Array, info.scalarBytes, title)
  const value = bytesToBig(b, info.littleEndian)
  if (value >= info.order) throw new RangeError(`"${title}" is not a canonical scalar (≥ order)`)
  if (value === 0n && options.allowZero !== true) throw new RangeError(`"${title}" is zero`)
  return value
}

export function encodeScalar(curve: CurveName, value: bigint): Uint8Array {
  const info = curveInfo(curve)
  if (value < 0n || value >= info.order) throw new RangeError('scalar out of range')
  return bigToBytes(value, info.scalarBytes, info.littleEndian)
}

/** Reduces a wide (≥ 48-byte) big-endian string mod the order; the bias is below 2^-128. */
export function scalarFromWide(curve: CurveName, wide: Uint8Array): bigint {
  if (wide.length < 48) throw new RangeError('wide scalar input expected ≥ 48 bytes')
  return bytesToBig(wide, false) % curveInfo(curve).order
}

/** Uniform non-zero scalar from 48 random bytes (RFC 9380 §5 style reduction). */
export function randomScalar(curve: CurveName, rng?: Rng): bigint {
  for (;;) {
    const wide = randomBytes(48, rng)
    const k = scalarFromWide(curve, wide)
    wide.fill(0)
    if (k !== 0n) return k
  }
}

export function modN(curve: CurveName, value: bigint): bigint {
  const n = curveInfo(curve).order
  const r = value % n
  return r < 0n ? r + n : r
}

/** Inverse mod the (prime) order by Fermat; the input must be non-zero. */
export function invN(curve: CurveName, value: bigint): bigint {
  const n = curveInfo(curve).order
  const a = modN(curve, value)
  if (a === 0n) throw new RangeError('no inverse of zero')
  let result = 1n
  let base = a
  let e = n - 2n
  while (e > 0n) {
    if (e & 1n) result = (result * base) % n
    base = (base * base) % n
    e >>= 1n
  }
  return result
}
