/**
 * Batched double-and-encode for the base OT: `encodeDoubled` (the RFC 9496 encoding of 2·P_i for
 * many points with one shared inversion; implemented and derived in `../ristretto/batch.ts`) and
 * `halfScalar`, so that k·P is encoded as 2·((k/2)·P). The output equals noble's
 * `P.double().toBytes()` byte for byte. Inputs may be secret: never branch on them here.
 */
import { ORDER } from '../ristretto/index.ts'

export { encodeDoubled } from '../ristretto/index.ts'

/** 1/2 mod ℓ: k·G = 2·((k/2)·G). */
const HALF = (ORDER + 1n) / 2n

/** k/2 mod ℓ, for a secret scalar k in [1, ℓ): the result is also in [1, ℓ). */
export function halfScalar(k: bigint): bigint {
  return (k * HALF) % ORDER
}
