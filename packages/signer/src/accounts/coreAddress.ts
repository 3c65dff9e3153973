/**
 * Conflux Core address (CIP-37 base32, per network id) of a secp256k1 public key, through
 * `@tessera/conflux`: the user address has its first nibble forced to 0x1, so it differs from
 * the same key's eSpace address (evmAddress.ts).
 */
import { encodeBase32Address, userAddressFromPublicKey } from '@tessera/conflux'

export function coreAddress(publicKey: Uint8Array, networkId: number): string {
  return encodeBase32Address(userAddressFromPublicKey(publicKey), networkId)
}
