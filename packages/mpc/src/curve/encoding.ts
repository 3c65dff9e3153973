/**
 * SEC1 compressed encoding of secp256k1 points (33 bytes: 0x02/0x03 for even/odd y, then x).
 * Decoding validates everything (length, prefix, x < p, x³ + 7 a square) and throws RangeError;
 * the identity is never encodable. Never decode without these checks, nor accept 0x04 here.
 */
import {
  add,
  type Fe,
  fe,
  fromBytes,
  isCanonical,
  isOdd,
  mul,
  neg,
  sqr,
  sqrt,
  toBytes,
} from './field.ts'
import { type Affine, batchToAffine, fromAffine, type Pt, toAffine } from './point.ts'

const SEVEN = fe()
SEVEN[0] = 7

/** The point encoded by 33 compressed bytes; RangeError with the precise reason otherwise. */
export function decodePoint(bytes: Uint8Array): Pt {
  if (!(bytes instanceof Uint8Array))
    throw new TypeError('curve: point encoding must be a Uint8Array')
  if (bytes.length !== 33) {
    throw new RangeError(`curve: compressed point must be 33 bytes, got ${bytes.length}`)
  }
  const prefix = bytes[0] as number
  if (prefix !== 2 && prefix !== 3) {
    throw new RangeError(
      `curve: compressed point prefix must be 0x02 or 0x03, got 0x${prefix.toString(16).padStart(2, '0')}`,
    )
  }
  const x = fromBytes(bytes, 1)
  if (!isCanonical(x)) throw new RangeError('curve: point x-coordinate is not below p')
  const rhs: Fe = fe()
  sqr(rhs, x)
  mul(rhs, rhs, x)
  add(rhs, rhs, SEVEN)
  const y = fe()
  if (!sqrt(y, rhs))
    throw new RangeError('curve: x-coordinate is not on the curve (x³ + 7 is not a square)')
  if (isOdd(y) !== (prefix === 3)) neg(y, y)
  return fromAffine({ x, y })
}

function compressed(a: Affine): Uint8Array {
  const out = new Uint8Array(33)
  out[0] = isOdd(a.y) ? 3 : 2
  toBytes(a.x, out, 1)
  return out
}

/** 33 compressed bytes of p; RangeError for the identity. */
export function encodePoint(p: Pt): Uint8Array {
  return compressed(toAffine(p))
}

/**
 * The encodings of several points with one inversion (Montgomery's trick): the same bytes as
 * `encodePoint` on each; RangeError if any is the identity.
 */
export function encodePoints(points: readonly Pt[]): Uint8Array[] {
  return batchToAffine(points).map(compressed)
}
