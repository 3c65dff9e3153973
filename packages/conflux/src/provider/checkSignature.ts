/**
 * Internal: a signature the signer returned must be 65 bytes r ‖ s ‖ v with v ∈ {0, 1}
 * (docs/CHAINS.md) and recover, over the digest the dapp side computed itself, to the account that
 * was asked to sign. Otherwise the dapp gets `InternalRpcError`, never a signature it cannot use.
 * Must never return anything but the checked signature.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { providerError, RPC_ERROR_CODES } from '@tessera/protocol'
import { type Hex, hexToBytes } from 'viem'
import { userAddressFromPublicKey } from '../address/userAddressFromPublicKey.ts'

export function checkSignature(signature: unknown, digest: Hex, account: Hex): Hex {
  if (typeof signature !== 'string' || !/^0x[0-9a-fA-F]{128}0[01]$/.test(signature)) {
    throw providerError(
      RPC_ERROR_CODES.internal,
      'The signer returned a malformed signature (expected r ‖ s ‖ v, v ∈ {0, 1}).',
    )
  }
  const bytes = hexToBytes(signature as Hex)
  let recovered: Hex
  try {
    const publicKey = secp256k1.recoverPublicKey(
      Uint8Array.of(bytes[64] as number, ...bytes.subarray(0, 64)),
      hexToBytes(digest),
      { prehash: false },
    )
    recovered = userAddressFromPublicKey(publicKey)
  } catch (cause) {
    throw providerError(
      RPC_ERROR_CODES.internal,
      'The signer returned a signature no key recovers from.',
      { cause },
    )
  }
  if (recovered !== account) {
    throw providerError(RPC_ERROR_CODES.internal, 'The signer signed with another account.')
  }
  return signature.toLowerCase() as Hex
}
