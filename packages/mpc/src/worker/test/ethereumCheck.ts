/**
 * Test-only: checks a DKLs23 signature of an EIP-191 message the way a wallet's user would see it:
 * noble's secp256k1.verify (low s) under the public key, and viem's recoverMessageAddress on the
 * 65-byte form, compared with the key's Ethereum address.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { bytesToHex, hashMessage, hexToBytes, recoverMessageAddress } from 'viem'
import { publicKeyToAddress } from 'viem/accounts'
import { ethereumSignature } from '../../dkls23/ethereumSignature.ts'
import type { EcdsaSignature } from '../../dkls23/signMath.ts'

/** The EIP-191 hash of `text`, as bytes: what DKLs23 signs. */
export const eip191Hash = (text: string): Uint8Array => hexToBytes(hashMessage(text))

export async function ethereumCheck(sig: EcdsaSignature, text: string, publicKey: Uint8Array) {
  const address = publicKeyToAddress(
    bytesToHex(secp256k1.Point.fromBytes(publicKey).toBytes(false)),
  )
  return {
    verified: secp256k1.verify(sig.compact, eip191Hash(text), publicKey, {
      prehash: false,
      lowS: true,
    }),
    address,
    recovered: await recoverMessageAddress({
      message: text,
      signature: bytesToHex(ethereumSignature(sig)),
    }),
  }
}
