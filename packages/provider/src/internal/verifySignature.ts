/**
 * `verifySignature`: a signature the signer returned must be 65 bytes of hex and recover to the
 * account that was asked to sign; otherwise the dapp gets -32603, never the signature (the dapp
 * side never trusts the signer blindly). Must never return a signature it did not check.
 */

import { providerError } from '@tessera/protocol'
import { type Address, type Hex, isAddressEqual } from 'viem'

const SIGNATURE = /^0x[0-9a-fA-F]{130}$/

export async function verifySignature(
  method: string,
  signature: unknown,
  account: Address,
  recover: (signature: Hex) => Promise<Address>,
): Promise<Hex> {
  if (typeof signature !== 'string' || !SIGNATURE.test(signature)) {
    throw providerError(
      -32603,
      `${method}: the wallet answered with something that is not a 65-byte signature.`,
    )
  }
  let signer: Address
  try {
    signer = await recover(signature as Hex)
  } catch (cause) {
    throw providerError(
      -32603,
      `${method}: the wallet's signature does not recover to any address.`,
      { cause },
    )
  }
  if (!isAddressEqual(signer, account)) {
    throw providerError(
      -32603,
      `${method}: the wallet's signature was made by ${signer}, not by ${account}.`,
    )
  }
  return signature as Hex
}
