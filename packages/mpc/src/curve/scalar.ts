/**
 * Scalar (mod n) recodings for the multiplications: 4-bit digits, the GLV split k = k1 + k2·λ,
 * and width-w NAF for public scalars. This is the only BigInt work of a multiplication (BigInt is
 * not constant-time: keep it to a few fixed operations, never loop on a secret's bits in BigInt).
 */

export const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
/** λ with λ³ ≡ 1 (mod n): λ·(x, y) = (β·x, y). */
export const LAMBDA = 0xac9c52b33fa3cf1f5ad9e3fd77ed9ba4a880b9fc8ec739c2e0cfc810b51283cen
export const BETA = 0x851695d49a83f8ef919bb86153cbcb16630fb68aed0a766a3ec693d68e6afa40n

// A reduced basis of the lattice {(a, b) : a + b·λ ≡ 0 (mod n)}, by extended Euclid on (n, λ).
const A1 = 0xe4437ed6010e88286f547fa90abfe4c3n
const B1 = -0x3086d221a7d46bcde86c90e49284eb15n
const A2 = 0x3086d221a7d46bcde86c90e49284eb15n
const B2 = 0x114ca50f7a8e2f3f657c1108d9d44cfd8n
const DET = A1 * B2 - A2 * B1 // = n
const HALF = DET / 2n
const LIMIT = 2n ** 128n

/** RangeError unless k is a bigint in [0, n). */
export function checkScalar(k: bigint): void {
  if (typeof k !== 'bigint' || k < 0n || k >= N) {
    throw new RangeError('curve: scalar must be a bigint in [0, n)')
  }
}

const view = new DataView(new ArrayBuffer(32))
/** The 64 little-endian 4-bit digits of k < 2^256 (`count` ≤ 64 of them). */
export function nibbles(k: bigint, count = 64): Uint8Array {
  view.setBigUint64(0, BigInt.asUintN(64, k >> 192n))
  view.setBigUint64(8, BigInt.asUintN(64, k >> 128n))
  view.setBigUint64(16, BigInt.asUintN(64, k >> 64n))
  view.setBigUint64(24, BigInt.asUintN(64, k))
  const out = new Uint8Array(64)
  for (let i = 0; i < 32; i++) {
    const b = view.getUint8(31 - i)
    out[2 * i] = b & 15
    out[2 * i + 1] = b >>> 4
  }
  return count === 64 ? out : out.subarray(0, count)
}

/**
 * Signed w-bit digits of k into out[0..count): d_i = window_i + carry_i − 2^w·carry_(i+1), in
 * [−2^(w−1), 2^(w−1)); the top digit takes the last carry unrecentred, so k must leave room
 * for it (k < 2^(w·(count−1) + w − 1)). Arithmetic only, for secret k: the carry is a shift of
 * the sum, never a comparison; positions (public) are the only thing branched on.
 */
export function signedWindows(k: bigint, w: number, count: number, out: Int32Array): void {
  const nib = nibbles(k)
  const half = 1 << (w - 1)
  let carry = 0
  for (let i = 0; i < count; i++) {
    let v = 0
    for (let b = 0; b < w; b++) {
      const bit = w * i + b
      const n = bit < 256 ? (nib[bit >>> 2] as number) : 0
      v |= ((n >>> (bit & 3)) & 1) << b
    }
    const d = v + carry
    carry = i < count - 1 ? (d + half) >>> w : 0
    out[i] = d - (carry << w)
  }
  nib.fill(0)
}

export interface GlvSplit {
  /** |k1|, |k2| < 2^128 */
  readonly k1: bigint
  readonly k2: bigint
  /** 1 when the signed half was negative, else 0 */
  readonly neg1: number
  readonly neg2: number
}

/** k ≡ ±k1 ± k2·λ (mod n) with both halves below 2^128 (Babai rounding on the basis above). */
export function glvSplit(k: bigint): GlvSplit {
  const c1 = (k * B2 + HALF) / DET
  const c2 = (-k * B1 + HALF) / DET
  const k1 = k - c1 * A1 - c2 * A2
  const k2 = -c1 * B1 - c2 * B2
  if (k1 >= LIMIT || -k1 >= LIMIT || k2 >= LIMIT || -k2 >= LIMIT) {
    throw new Error('curve: GLV split out of range (unreachable for k < n)')
  }
  const neg1 = k1 < 0n ? 1 : 0
  const neg2 = k2 < 0n ? 1 : 0
  return { k1: neg1 ? -k1 : k1, k2: neg2 ? -k2 : k2, neg1, neg2 }
}

/** Width-w NAF of a public k < 2^256: odd digits in (−2^(w−1), 2^(w−1)), at most one per w. */
export function wnaf(k: bigint, w: number): Int8Array {
  const bits = new Uint8Array(256 + w + 1)
  const nib = nibbles(k)
  for (let i = 0; i < 64; i++) {
    const v = nib[i] as number
    bits[4 * i] = v & 1
    bits[4 * i + 1] = (v >>> 1) & 1
    bits[4 * i + 2] = (v >>> 2) & 1
    bits[4 * i + 3] = v >>> 3
  }
  const out = new Int8Array(257)
  const full = 1 << w
  let carry = 0
  let i = 0
  while (i < 257) {
    if ((((bits[i] as number) + carry) & 1) === 0) {
      carry = ((bits[i] as number) + carry) >>> 1
      i++
      continue
    }
    let v = carry
    for (let j = 0; j < w; j++) v += (bits[i + j] as number) << j
    if (v > full >>> 1) {
      out[i] = v - full
      carry = 1
    } else {
      out[i] = v
      carry = 0
    }
    i += w
  }
  return out
}
