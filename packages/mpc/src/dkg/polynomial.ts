/**
 * Shamir/Feldman arithmetic shared by DKG, refresh, re-share, derivation and import: polynomial
 * evaluation, commitment evaluation and Lagrange coefficients at zero. Pure math on values passed
 * in; never stores or logs a coefficient.
 */
import type { CurveName, GroupElement } from '../encoding/curve.ts'
import { curveInfo } from '../encoding/curve.ts'
import { mulBase, mulPublic } from '../encoding/points.ts'
import type { Rng } from '../encoding/random.ts'
import { invN, modN, randomScalar } from '../encoding/scalars.ts'

/** f(x) = Σ a_k x^k mod order (Horner). */
export function evalPolynomial(
  curve: CurveName,
  coefficients: readonly bigint[],
  x: bigint,
): bigint {
  let acc = 0n
  for (let k = coefficients.length - 1; k >= 0; k--) {
    acc = modN(curve, acc * x + (coefficients[k] as bigint))
  }
  return acc
}

/** Σ C_k x^k: the public image f(x)·G of a Feldman commitment vector (public data only). */
export function evalCommitments(
  curve: CurveName,
  commitments: readonly GroupElement[],
  x: bigint,
): GroupElement {
  let acc = curveInfo(curve).identity
  for (let k = commitments.length - 1; k >= 0; k--) {
    acc = mulPublic(curve, acc, x).add(commitments[k] as GroupElement)
  }
  return acc
}

/** Lagrange coefficient λ_i at 0 for the index set `indices` (which must contain i). */
export function lagrangeAtZero(curve: CurveName, indices: readonly number[], i: number): bigint {
  return lagrangeAtPoint(curve, indices, i, 0n)
}

/**
 * Lagrange coefficient λ_i(x) = Π_{j≠i} (x − j)/(i − j) for the index set `indices`: the weight
 * of f(i) in f(x). Re-share uses x = the index being recovered (docs/THRESHOLD.md#recovery).
 */
export function lagrangeAtPoint(
  curve: CurveName,
  indices: readonly number[],
  i: number,
  x: bigint,
): bigint {
  let num = 1n
  let den = 1n
  for (const j of indices) {
    if (j === i) continue
    num = modN(curve, num * (x - BigInt(j)))
    den = modN(curve, den * BigInt(i - j))
  }
  return modN(curve, num * invN(curve, den))
}

/** Σ λ_k P_k over the given indices: the degree-(t-1) interpolation of points at 0. */
export function interpolatePointsAtZero(
  curve: CurveName,
  indices: readonly number[],
  points: readonly GroupElement[],
): GroupElement {
  let acc = curveInfo(curve).identity
  indices.forEach((k, at) => {
    acc = acc.add(mulPublic(curve, points[at] as GroupElement, lagrangeAtZero(curve, indices, k)))
  })
  return acc
}

/** Random polynomial of degree t-1 with the given constant term. */
export function randomPolynomial(
  curve: CurveName,
  constant: bigint,
  t: number,
  rng?: Rng,
): bigint[] {
  const coefficients = [constant]
  for (let k = 1; k < t; k++) coefficients.push(randomScalar(curve, rng))
  return coefficients
}

export function commitPolynomial(
  curve: CurveName,
  coefficients: readonly bigint[],
): GroupElement[] {
  return coefficients.map((a) => mulBase(curve, a))
}
