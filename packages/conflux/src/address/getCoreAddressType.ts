/**
 * CIP-37 §Encoding step 1: a Core address's type from its first nibble — `0x1` user,
 * `0x8` contract, `0x0` builtin (all-zero: null). Other nibbles are no Core account kind; they are
 * reported as `unknown` (js-conflux-sdk does the same) rather than guessed.
 * Must never accept anything but 20 bytes.
 */
import { hexOrBytes } from '../internal/hexOrBytes.ts'
import type { CoreAddressType } from './types.ts'

export function getCoreAddressType(address: string | Uint8Array): CoreAddressType {
  const bytes = hexOrBytes(address, 'address')
  if (bytes.length !== 20) {
    throw new RangeError(`"address" expected 20 bytes, got length=${bytes.length}`)
  }
  return typeOfBytes(bytes)
}

export function typeOfBytes(bytes: Uint8Array): CoreAddressType {
  switch ((bytes[0] as number) & 0xf0) {
    case 0x10:
      return 'user'
    case 0x80:
      return 'contract'
    case 0x00:
      return bytes.every((byte) => byte === 0) ? 'null' : 'builtin'
    default:
      return 'unknown'
  }
}
