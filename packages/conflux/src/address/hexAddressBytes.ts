/**
 * A Conflux hex address (CIP-37 "conflux-hex-address") as 20 bytes: a Uint8Array of length 20, or
 * `0x` + 40 hex digits, lower-case or with a valid EIP-55 mixed-case checksum (CIP-37 allows
 * EIP-55). Internal; must never accept a base32 address (callers decide which forms they take).
 */
import { abytes, hexToBytes } from '@noble/hashes/utils.js'
import { isAddress } from 'viem'
import { describeType } from '../internal/describeType.ts'
import { InvalidAddressError } from './InvalidAddressError.ts'

export function hexAddressBytes(address: unknown, title = 'address'): Uint8Array {
  if (address instanceof Uint8Array) return abytes(address, 20, title).slice()
  if (typeof address !== 'string') {
    throw new TypeError(
      `"${title}" expected a hex address or Uint8Array, got ${describeType(address)}`,
    )
  }
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) {
    throw new InvalidAddressError(
      'BadHexAddress',
      `"${title}" is not a hex address: expected 0x followed by 40 hex digits.`,
    )
  }
  if (!isAddress(address, { strict: true })) {
    throw new InvalidAddressError(
      'BadHexAddress',
      `"${title}" has an invalid EIP-55 mixed-case checksum; write it in lower case or checksum it.`,
    )
  }
  return hexToBytes(address.slice(2))
}
