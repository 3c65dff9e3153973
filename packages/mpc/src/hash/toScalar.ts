/**
 * Hash-to-scalar (docs/THRESHOLD.md#conventions: 48 bytes reduced mod q). Two tagged hashes with a
 * counter byte give 64 bytes; the first 48 are reduced mod the group order. Public values only.
 */
import { utf8ToBytes } from '@noble/hashes/utils.js'
import type { CurveName } from '../encoding/curve.ts'
import { scalarFromWide } from '../encoding/scalars.ts'
import { taggedHash } from './tagged.ts'
import { TAGS, type Tag } from './tags.ts'

export function hashToScalar(curve: CurveName, tag: Tag, ...parts: readonly Uint8Array[]): bigint {
  const tagBytes = utf8ToBytes(tag)
  const a = taggedHash(TAGS.hashToScalar, tagBytes, Uint8Array.of(0), ...parts)
  const b = taggedHash(TAGS.hashToScalar, tagBytes, Uint8Array.of(1), ...parts)
  const wide = new Uint8Array(48)
  wide.set(a, 0)
  wide.set(b.subarray(0, 16), 32)
  return scalarFromWide(curve, wide)
}
