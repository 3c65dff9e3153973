/**
 * docs/CHAINS.md#user-address-from-a-key: keccak256 of the 64-byte uncompressed public key (without
 * its 0x04 tag), last 20 bytes, first nibble forced to 0x1 (CIP-37 `type.user`).
 *
 * Core vs eSpace: eSpace is an EVM, so its address is the plain Ethereum one — the same last 20
 * bytes *without* the nibble forced. The same key therefore has a different Core address
 * (`0x1…`) and eSpace address, and only the Core one is a valid `type.user` base32 address.
 *
 * Accepts 65-byte uncompressed (0x04 ‖ x ‖ y), 64-byte raw (x ‖ y) or 33-byte compressed keys,
 * as bytes or hex. Must never hash bytes that are not a point on secp256k1.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { bytesToHex, type Hex } from 'viem'
import { hexOrBytes } from '../internal/hexOrBytes.ts'

export function userAddressFromPublicKey(publicKey: Hex | Uint8Array): Hex {
  const bytes = hexOrBytes(publicKey, 'publicKey')
  if (bytes.length !== 33 && bytes.length !== 64 && bytes.length !== 65) {
    throw new RangeError(`"publicKey" expected 33, 64 or 65 bytes, got length=${bytes.length}`)
  }
  const encoded = bytes.length === 64 ? Uint8Array.of(0x04, ...bytes) : bytes
  let point: ReturnType<typeof secp256k1.Point.fromBytes>
  try {
    point = secp256k1.Point.fromBytes(encoded)
  } catch (cause) {
    throw new RangeError('"publicKey" is not a point on secp256k1', { cause })
  }
  const hash = keccak_256(point.toBytes(false).subarray(1))
  const address = hash.slice(12)
  // docs/CHAINS.md / conflux-rust `public_to_address`: the type nibble of a user account is 0x1.
  address[0] = ((address[0] as number) & 0x0f) | 0x10
  return bytesToHex(address)
}
