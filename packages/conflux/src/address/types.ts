/**
 * Types of CIP-37 addresses. Must never hold behaviour.
 */
import type { Hex } from 'viem'

/** CIP-37 §Encoding step 1, plus `unknown` for first nibbles CIP-37 does not name. */
export type CoreAddressType = 'user' | 'contract' | 'builtin' | 'null' | 'unknown'

/** A decoded base32 address: lower-case hex, the network id of its prefix, and its type. */
export type DecodedBase32Address = {
  hexAddress: Hex
  networkId: number
  type: CoreAddressType
}
