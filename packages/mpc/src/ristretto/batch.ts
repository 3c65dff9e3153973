/**
 * Batched double-and-encode: the RFC 9496 §4.3.2 encoding of 2·P_i for many points with one
 * shared field inversion instead of one inverse square root per point. Inputs may be secret
 * (products of secret scalars): only masked selects, never a branch on a coordinate, and the
 * inversion is the fixed Fermat chain. The output equals `encode(double(P_i))` byte for byte.
 *
 * Derivation (a = −1), for P = (X : Y : Z : T): doubling gives A = X², B = Y², E = 2XY,
 * G = B − A, H = −(A + B), F = G − 2Z² and 2P = (E·F : G·H : F·G : E·H). Then the RFC's
 * u1 = Z₂² − Y₂² = G²(F² − H²) = (a − d)·(E·G)² by the curve equation, u2 = X₂·Y₂ = E·F·G·H, so
 * 1/√(u1·u2²) = ±INVSQRT_A_MINUS_D / (E²·F·G²·H); everything is homogeneous, so Z ≠ 1 is fine.
 * The sign does not matter (the encoding uses its square, and |s|). E·F·G·H = 0 exactly when 2P
 * is the identity; the batch inverse maps 0 to 0, so s = 0: the identity's encoding.
 */

import { encodeWith, INVSQRT_A_MINUS_D } from './encoding.ts'
import { add, cmov, type Fe, fe, inv, isZero, mul, neg, sqr, sub } from './field.ts'
import type { Pt } from './point.ts'

const ONE = fe()
ONE[0] = 1

/** Every x_i⁻¹ by Montgomery's trick, zeros mapped to 0 without a branch on which is zero. */
function invertAll(xs: readonly Fe[]): Fe[] {
  const n = xs.length
  const zero = xs.map((x) => isZero(x))
  const safe = xs.map((x, i) => {
    const s = fe()
    cmov(s, x, ONE, zero[i] as number)
    return s
  })
  const prefix: Fe[] = new Array(n)
  const acc = fe()
  acc[0] = 1
  for (let i = 0; i < n; i++) {
    prefix[i] = acc.slice()
    mul(acc, acc, safe[i] as Fe)
  }
  inv(acc, acc)
  const out: Fe[] = new Array(n)
  const zeroFe = fe()
  for (let i = n - 1; i >= 0; i--) {
    const o = fe()
    mul(o, acc, prefix[i] as Fe)
    cmov(o, o, zeroFe, zero[i] as number)
    out[i] = o
    mul(acc, acc, safe[i] as Fe)
  }
  return out
}

/** Encodings of 2·P_i, concatenated (32 bytes each). Any P_i is accepted, the identity included. */
export function encodeDoubled(points: readonly Pt[]): Uint8Array {
  const n = points.length
  const co: Fe[][] = new Array(n)
  const den: Fe[] = new Array(n)
  const A = fe()
  const B = fe()
  const C = fe()
  const E = fe()
  const F = fe()
  const G = fe()
  const H = fe()
  for (let i = 0; i < n; i++) {
    const p = points[i] as Pt
    sqr(A, p.x)
    sqr(B, p.y)
    sqr(C, p.z)
    add(C, C, C)
    mul(E, p.x, p.y)
    add(E, E, E)
    sub(G, B, A)
    add(H, A, B)
    neg(H, H)
    sub(F, G, C)
    const X2 = fe()
    const Y2 = fe()
    const Z2 = fe()
    const T2 = fe()
    mul(X2, E, F)
    mul(Y2, G, H)
    mul(Z2, F, G)
    mul(T2, E, H)
    co[i] = [X2, Y2, Z2, T2]
    const d = fe()
    mul(d, E, G)
    sqr(d, d)
    mul(A, F, H) // A is free again
    mul(d, d, A)
    den[i] = d
  }
  const invs = invertAll(den)
  const out = new Uint8Array(32 * n)
  const u1 = fe()
  const u2 = fe()
  const s = fe()
  for (let i = 0; i < n; i++) {
    const [X2, Y2, Z2, T2] = co[i] as Fe[]
    add(u1, Z2 as Fe, Y2 as Fe)
    sub(s, Z2 as Fe, Y2 as Fe)
    mul(u1, u1, s)
    mul(u2, X2 as Fe, Y2 as Fe)
    mul(s, invs[i] as Fe, INVSQRT_A_MINUS_D)
    encodeWith(X2 as Fe, Y2 as Fe, Z2 as Fe, T2 as Fe, u1, u2, s, out, 32 * i)
  }
  for (let i = 0; i < n; i++) {
    for (const c of co[i] as Fe[]) c.fill(0)
    ;(invs[i] as Fe).fill(0)
  }
  return out
}
