/**
 * The parameter sets of the OT extension and the vOLE built on it, selected by the version tag of
 * a pair's OT state (docs/THRESHOLD.md#security-parameters). v1 is the set pair states were set up
 * with until SoftSpokenOT k = 2 (κ = 256, λ_s = 128, k = 1); v2 is the DKLs23 paper's λ_s = 80 with
 * SoftSpokenOT k = 2, what every new pair setup produces. Both stay supported: a stored state signs
 * under the set it was made with. Public constants only.
 */
import { BASE_OT_COUNT } from './base.ts'

export type OtVersion = 1 | 2

export type OtParams = {
  /** The pair-state version tag that selects this set. */
  readonly v: OtVersion
  /** κ: base OTs per ordered pair (computational). */
  readonly kappa: number
  /** SoftSpokenOT k: base OTs per punctured-PRF block; u carries κ/k columns. */
  readonly k: 1 | 2
  /** λ_s: the statistical parameter (ξ = κ + 2λ_s). */
  readonly lambda: number
  /** ξ: useful OTs per extension (vOLE rows). */
  readonly xi: number
  /** ℓ′ = ξ + 128: extended OTs including the padding rows of the GF(2^128) check. */
  readonly lPrime: number
}

export const OT_PARAMS: Readonly<Record<OtVersion, OtParams>> = Object.freeze({
  1: Object.freeze({ v: 1, kappa: BASE_OT_COUNT, k: 1, lambda: 128, xi: 512, lPrime: 640 }),
  2: Object.freeze({ v: 2, kappa: BASE_OT_COUNT, k: 2, lambda: 80, xi: 416, lPrime: 544 }),
})

/** The version every new pair setup produces. */
export const OT_VERSION_CURRENT: OtVersion = 2

/** The set for a version tag; anything else is a RangeError. */
export function otParams(v: unknown): OtParams {
  if (v !== 1 && v !== 2) throw new RangeError(`unknown OT parameter version ${String(v)}`)
  return OT_PARAMS[v]
}
