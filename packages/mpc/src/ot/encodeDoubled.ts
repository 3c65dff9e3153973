/**
 * Batched double-and-encode for ristretto255: the RFC 9496 §4.3.2 encoding of 2·P_i for many
 * points, with one shared field inversion instead of one inverse square root per point. The base
 * OT multiplies by k/2 and encodes the double, so its many encodings cost one inversion (derivation
 * below). The output must equal `P.double().toBytes()` byte for byte. Inputs may be secret: the
 * selects use `Fp.cmov`, never a branch on a coordinate.
 *
 * Derivation (a = −1): for P = (x, y) with Z = 1, doubling gives E = 2xy, G = y² − x²,
 * H = −(x² + y²), F = G − 2 and 2P = (E·F : G·H : F·G : E·H). The RFC's u1 = Z² − Y² = G²(F² − H²)
 * = (a − d)·(E·G)² (by the curve equation), u2 = X·Y = E·F·G·H, so
 * 1/√(u1·u2²) = ±INVSQRT_A_MINUS_D / (E²·F·G²·H). The sign does not matter: the encoding only
 * uses the square of it, except in the final |s|. E·F·G·H = 0 exactly when 2P is the identity.
 * For the identity the batch inverse gives 0, so s = 0: the identity's encoding.
 *
 * The one inversion is Fermat's (a fixed public exponent), not noble's variable-time Euclid
 * `invert`: its input is derived from secret points.
 */
import { ristretto255 } from '@noble/curves/ed25519.js'

type Point = InstanceType<typeof ristretto255.Point>
const Fp = ristretto255.Point.Fp
const ORDER = ristretto255.Point.Fn.ORDER

// RFC 9496 §4.1.
const SQRT_M1 = 0x2b8324804fc1df0b2b4d00993dfbd7a72f431806ad2fe478c4ee1b274a0ea0b0n
const INVSQRT_A_MINUS_D = 0x786c8905cfaffca216c27b91fe01d8409d2f16175a4172be99c8fdaa805d40ean
/** 1/2 mod ℓ: k·G = 2·((k/2)·G). */
const HALF = (ORDER + 1n) / 2n

/** k/2 mod ℓ, for a secret scalar k in [1, ℓ): the result is also in [1, ℓ). */
export function halfScalar(k: bigint): bigint {
  return (k * HALF) % ORDER
}

/**
 * Montgomery's trick: every x_i⁻¹ from one inversion, zeros mapped to 0 without a branch on which
 * entry is zero.
 */
function invertAll(xs: readonly bigint[]): bigint[] {
  const n = xs.length
  const safe = xs.map((x) => Fp.cmov(x, Fp.ONE, Fp.is0(x)))
  const prefix = new Array<bigint>(n)
  let acc = Fp.ONE
  for (let i = 0; i < n; i++) {
    prefix[i] = acc
    acc = Fp.mul(acc, safe[i] as bigint)
  }
  let inv = Fp.pow(acc, Fp.ORDER - 2n)
  const out = new Array<bigint>(n)
  for (let i = n - 1; i >= 0; i--) {
    out[i] = Fp.cmov(Fp.mul(inv, prefix[i] as bigint), Fp.ZERO, Fp.is0(xs[i] as bigint))
    inv = Fp.mul(inv, safe[i] as bigint)
  }
  return out
}

/** RFC 9496 IS_NEGATIVE on a canonical field element. */
function isNegative(v: bigint): boolean {
  return (v & 1n) === 1n
}

/**
 * Encodings of 2·P_i, concatenated (32 bytes each). Each P_i should come from `multiply` (already
 * affine, so `toAffine()` costs no inversion). Any P_i is accepted, the identity included.
 */
export function encodeDoubled(points: readonly Point[]): Uint8Array {
  const n = points.length
  const X = new Array<bigint>(n)
  const Y = new Array<bigint>(n)
  const Z = new Array<bigint>(n)
  const T = new Array<bigint>(n)
  const den = new Array<bigint>(n)
  for (let i = 0; i < n; i++) {
    const { x, y } = (points[i] as Point).toAffine()
    const A = Fp.sqr(x)
    const B = Fp.sqr(y)
    const E = Fp.mul(Fp.add(x, x), y)
    const G = Fp.sub(B, A)
    const H = Fp.neg(Fp.add(A, B))
    const F = Fp.sub(G, 2n)
    X[i] = Fp.mul(E, F)
    Y[i] = Fp.mul(G, H)
    Z[i] = Fp.mul(F, G)
    T[i] = Fp.mul(E, H)
    den[i] = Fp.mul(Fp.sqr(Fp.mul(E, G)), Fp.mul(F, H))
  }
  // Zeros (2P = identity) map to 0.
  const inv = invertAll(den)
  const out = new Uint8Array(32 * n)
  for (let i = 0; i < n; i++) {
    const X0 = X[i] as bigint
    const Y0 = Y[i] as bigint
    const Z0 = Z[i] as bigint
    const T0 = T[i] as bigint
    // RFC 9496 §4.3.2 steps 1–11, with the inverse square root of step 3 from the batch.
    const invsqrt = Fp.mul(inv[i] as bigint, INVSQRT_A_MINUS_D)
    const den1 = Fp.mul(invsqrt, Fp.mul(Fp.add(Z0, Y0), Fp.sub(Z0, Y0)))
    const den2 = Fp.mul(invsqrt, Fp.mul(X0, Y0))
    const zInv = Fp.mul(Fp.mul(den1, den2), T0)
    const rotate = isNegative(Fp.mul(T0, zInv))
    const x = Fp.cmov(X0, Fp.mul(Y0, SQRT_M1), rotate)
    let y = Fp.cmov(Y0, Fp.mul(X0, SQRT_M1), rotate)
    const denInv = Fp.cmov(den2, Fp.mul(den1, INVSQRT_A_MINUS_D), rotate)
    y = Fp.cmov(y, Fp.neg(y), isNegative(Fp.mul(x, zInv)))
    const s = Fp.mul(denInv, Fp.sub(Z0, y))
    out.set(Fp.toBytes(Fp.cmov(s, Fp.neg(s), isNegative(s))), 32 * i)
  }
  return out
}
