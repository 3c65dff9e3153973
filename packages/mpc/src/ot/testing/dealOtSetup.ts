/**
 * TEST-ONLY: deals the correlated output of one ordered pair's OT setup directly (random Δ and
 * seeds), so extension, vOLE and signing tests need not run the slow base OT every time. `v`
 * selects the parameter set (`../params.ts`): v1 deals the 256 base-OT seed pairs (k = 1), v2 the
 * punctured-PRF leaves (k = 2: the receiver's 4 per block, the sender's 3 by m = x ⊕ Δ_i).
 * The real setup is tested in base.test.ts and the DKLs23 pair-setup tests. Never export this from
 * the package index; never use it outside tests and benchmarks.
 */
import { type Rng, randomBytes } from '../../encoding/random.ts'
import { KAPPA, type OteReceiverSetup, type OteSenderSetup } from '../extension.ts'
import type { OtVersion } from '../params.ts'

export function dealOtSetup(
  rng?: Rng,
  v: OtVersion = 1,
): { sender: OteSenderSetup; receiver: OteReceiverSetup } {
  if (v === 2) {
    const leaves = randomBytes(32 * 2 * KAPPA, rng)
    const delta = randomBytes(KAPPA / 8, rng)
    const seeds = new Uint8Array(32 * 3 * (KAPPA / 2))
    for (let i = 0; i < KAPPA / 2; i++) {
      const d = ((delta[i >>> 2] as number) >>> (2 * (i & 3))) & 3
      for (let m = 1; m < 4; m++) {
        const x = m ^ d
        seeds.set(leaves.subarray(32 * (4 * i + x), 32 * (4 * i + x + 1)), 32 * (3 * i + m - 1))
      }
    }
    return { sender: { delta, seeds }, receiver: { leaves } }
  }
  const seeds0 = randomBytes(32 * KAPPA, rng)
  const seeds1 = randomBytes(32 * KAPPA, rng)
  const delta = randomBytes(KAPPA / 8, rng)
  const seeds = new Uint8Array(32 * KAPPA)
  for (let l = 0; l < KAPPA; l++) {
    const bit = ((delta[l >>> 3] as number) >>> (l & 7)) & 1
    seeds.set((bit === 1 ? seeds1 : seeds0).subarray(32 * l, 32 * l + 32), 32 * l)
  }
  return { sender: { delta, seeds }, receiver: { seeds0, seeds1 } }
}
