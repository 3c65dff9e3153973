/**
 * Whether a string is a valid CIP-37 address (optionally of one network). For UI checks only;
 * code that uses the address should call `decodeBase32Address` and get the precise error.
 * Must never throw.
 */
import { decodeBase32Address } from './decodeBase32Address.ts'

export function isBase32Address(address: unknown, options: { networkId?: number } = {}): boolean {
  if (typeof address !== 'string') return false
  try {
    const { networkId } = decodeBase32Address(address)
    return options.networkId === undefined || options.networkId === networkId
  } catch {
    return false
  }
}
