/**
 * Bytes given either as a `0x`-prefixed hex string of whole bytes or as a Uint8Array, checked at
 * the package boundary (docs/STYLE.md#7-validation-on-entry: TypeError for a wrong type, noble's
 * message shape) and always returned as a fresh copy. Must never coerce any other type.
 */
import { abytes, hexToBytes } from '@noble/hashes/utils.js'

const HEX = /^0x(?:[0-9a-fA-F]{2})*$/

export function hexOrBytes(value: unknown, title: string): Uint8Array {
  if (typeof value !== 'string') return abytes(value as Uint8Array, undefined, title).slice()
  if (!HEX.test(value)) {
    throw new TypeError(`"${title}" expected a 0x-prefixed hex string of whole bytes`)
  }
  return hexToBytes(value.slice(2))
}
