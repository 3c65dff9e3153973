/**
 * EVM address (any chain id, Conflux eSpace included) of a secp256k1 public key: the last 20 bytes
 * of keccak256 of the uncompressed key without its 0x04 tag, EIP-55 checksummed. Refuses bytes
 * that are not a point on the curve.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { type Address, bytesToHex, getAddress } from 'viem'

export function evmAddress(publicKey: Uint8Array): Address {
  let uncompressed: Uint8Array
  try {
    uncompressed = secp256k1.Point.fromBytes(publicKey).toBytes(false)
  } catch (cause) {
    throw new RangeError('"publicKey" is not a point on secp256k1', { cause })
  }
  return getAddress(bytesToHex(keccak_256(uncompressed.subarray(1)).subarray(12)))
}
