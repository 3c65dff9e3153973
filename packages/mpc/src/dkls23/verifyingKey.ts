/**
 * PK′ prepared for verification: decoded once, with its table of odd multiples kept for the last
 * few keys in this process (a device signs with one key and path many times, and the check under
 * PK′ is most of an online signature). Public data only; an entry is a pure function of its bytes.
 */
import { bytesToHex } from '@noble/hashes/utils.js'
import { decodePoint, type Precomputed, precompute } from '../curve/index.ts'

const MAX_KEYS = 32
const keys = new Map<string, Precomputed>()

/** The prepared key for 33 compressed bytes; RangeError (from the decoder) if they are no point. */
export function verifyingKey(bytes: Uint8Array): Precomputed {
  const id = bytesToHex(bytes)
  const hit = keys.get(id)
  if (hit !== undefined) {
    // Least recently used goes first: re-insert on every hit.
    keys.delete(id)
    keys.set(id, hit)
    return hit
  }
  const key = precompute(decodePoint(bytes))
  keys.set(id, key)
  if (keys.size > MAX_KEYS) keys.delete(keys.keys().next().value as string)
  return key
}
