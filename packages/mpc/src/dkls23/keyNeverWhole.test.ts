/**
 * docs/THRESHOLD.md#threshold-keys: The full private key never exists. Signing-side check: the test
 * dealer's group secret (big- and little-endian) appears in no signing message and in no serialised
 * pair state.
 */
import { randomBytes } from '@noble/hashes/utils.js'
import { expect, test } from 'vitest'
import type { SignMessage } from './messages.ts'
import { encodePairOtState, type PairOtState } from './pairState.ts'
import { dealKey, dealPairs, sign } from './testing/harness.ts'

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let k = 0; k < needle.length; k++) if (haystack[i + k] !== needle[k]) continue outer
    return true
  }
  return false
}

function byteFields(value: unknown, out: Uint8Array[] = []): Uint8Array[] {
  if (value instanceof Uint8Array) out.push(value)
  else if (value !== null && typeof value === 'object')
    for (const v of Object.values(value)) byteFields(v, out)
  return out
}

test('the group secret appears in no message and no serialised state', async () => {
  const { shares, privateKey } = dealKey(2, 3)
  const le = privateKey.slice().reverse()
  const pairs = dealPairs(3)
  const transcript: SignMessage[] = []
  for (const signers of [
    [1, 2],
    [2, 3],
  ]) {
    await sign({ shares, signers, pairs, messageHash: randomBytes(32), transcript })
  }
  const blobs = [
    ...byteFields(transcript),
    ...Object.values(pairs).flatMap((row) =>
      Object.values(row).map((p: PairOtState) => encodePairOtState(p)),
    ),
  ]
  expect(transcript.length).toBe(12)
  for (const blob of blobs) {
    expect(contains(blob, privateKey)).toBe(false)
    expect(contains(blob, le)).toBe(false)
  }
  // The search itself can fail: a blob that carries the key is found.
  const planted = new Uint8Array(100)
  planted.set(privateKey, 40)
  expect(contains(planted, privateKey)).toBe(true)
})
