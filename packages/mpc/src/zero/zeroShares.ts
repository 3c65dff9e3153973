/**
 * F_Zero (DKLs23 §3.1, Functionality 3.4; realised as in DKLs19 §5 from pairwise seeds agreed at
 * DKG): ζ_i = Σ_{j ∈ S, j ≠ i} ±H(seed_ij, sid, …), + when i < j and − when i > j, so Σ_{i∈S} ζ_i = 0
 * and ζ_i is pseudo-random to anyone missing one of i's seeds. The sid binds every share to one
 * signing session; a seed must never be reused without a fresh sid, and ζ must never be logged.
 */
import { TAGS } from '../hash/tags.ts'
import { hashToScalars, modQ } from '../vole/scalars.ts'

/** ζ_self for the signing set `signers` (which includes `self`). */
export function zeroShare(args: {
  readonly self: number
  readonly signers: readonly number[]
  readonly seeds: Readonly<Record<number, Uint8Array>>
  readonly sid: Uint8Array
}): bigint {
  const { self, signers, seeds, sid } = args
  if (!(sid instanceof Uint8Array) || sid.length !== 32)
    throw new RangeError('"sid" expected 32 bytes')
  if (!signers.includes(self)) throw new RangeError(`party ${self} is not in the signing set`)
  let zeta = 0n
  for (const j of signers) {
    if (j === self) continue
    const seed = seeds[j]
    if (!(seed instanceof Uint8Array) || seed.length !== 32) {
      throw new RangeError(`"zeroSeeds[${j}]" expected Uint8Array of length 32`)
    }
    const lo = Math.min(self, j)
    const hi = Math.max(self, j)
    // Both parties of the pair hash the same (lo, hi) order, so their terms cancel exactly.
    const [term] = hashToScalars(TAGS.zeroShare, 1, seed, sid, Uint8Array.of(lo, hi)) as [bigint]
    zeta += self < j ? term : -term
  }
  return modQ(zeta)
}
