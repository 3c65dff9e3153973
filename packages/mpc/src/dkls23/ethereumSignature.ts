/**
 * The 65-byte form wallets return for EVM signatures (`personal_sign`, `eth_signTypedData_v4`):
 * r ‖ s ‖ v with v = 27 + y-parity (the yellow paper's recovery value; only the parity bit of the
 * recovery id is encoded). Pure; never sees a secret.
 */
import type { EcdsaSignature } from './signMath.ts'

export function ethereumSignature(signature: EcdsaSignature): Uint8Array {
  const out = new Uint8Array(65)
  out.set(signature.compact, 0)
  out[64] = 27 + (signature.recovery & 1)
  return out
}
