/**
 * TEST-ONLY: deals the correlated output of the 256 base OTs of one ordered pair directly (random
 * Δ and seeds), so extension, vOLE and signing tests need not run the slow base OT every time.
 * The real setup is tested in base.test.ts and the DKLs23 pair-setup tests. Never export this from
 * the package index; never use it outside tests and benchmarks.
 */
import { type Rng, randomBytes } from '../../encoding/random.ts'
import { KAPPA, type OteReceiverSetup, type OteSenderSetup } from '../extension.ts'

export function dealOtSetup(rng?: Rng): { sender: OteSenderSetup; receiver: OteReceiverSetup } {
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
