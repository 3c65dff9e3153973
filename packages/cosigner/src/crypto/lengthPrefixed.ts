/**
 * Unambiguous concatenation for hashing and associated data: u32be(len) ‖ bytes for each part,
 * so `["ab","c"]` and `["a","bc"]` never encode alike (audit chain, record context, login replay).
 */
import { concatBytes } from '@noble/hashes/utils.js'

export function lengthPrefixed(...parts: Uint8Array[]): Uint8Array {
  return concatBytes(
    ...parts.flatMap((part) => {
      const len = new Uint8Array(4)
      new DataView(len.buffer).setUint32(0, part.length)
      return [len, part]
    }),
  )
}
