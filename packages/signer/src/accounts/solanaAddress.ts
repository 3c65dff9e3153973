/**
 * Solana address: base58 of the 32-byte Ed25519 public key (docs/CHAINS.md#solana), after checking
 * that the bytes decode to a point that is not of small order.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { base58 } from '@scure/base'

export function solanaAddress(publicKey: Uint8Array): string {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) {
    throw new RangeError('"publicKey" expected Uint8Array of length 32')
  }
  let small: boolean
  try {
    small = ed25519.Point.fromBytes(publicKey).isSmallOrder()
  } catch (cause) {
    throw new RangeError('"publicKey" is not an Ed25519 point', { cause })
  }
  if (small) throw new RangeError('"publicKey" is a small-order Ed25519 point')
  return base58.encode(publicKey)
}
