import { randomBytes } from '@noble/hashes/utils.js'
import { expect, test } from 'vitest'
import { modQ } from '../vole/scalars.ts'
import { zeroShare } from './zeroShares.ts'

function dealSeeds(n: number): Record<number, Record<number, Uint8Array>> {
  const seeds: Record<number, Record<number, Uint8Array>> = {}
  for (let i = 1; i <= n; i++) seeds[i] = {}
  for (let i = 1; i <= n; i++)
    for (let j = i + 1; j <= n; j++) {
      const s = randomBytes(32)
      ;(seeds[i] as Record<number, Uint8Array>)[j] = s
      ;(seeds[j] as Record<number, Uint8Array>)[i] = s.slice()
    }
  return seeds
}

const seeds = dealSeeds(5)
const share = (self: number, signers: number[], sid: Uint8Array) =>
  zeroShare({ self, signers, seeds: seeds[self] ?? {}, sid })

test('the shares of every signing set sum to zero and are non-trivial', () => {
  for (const signers of [
    [1, 2],
    [2, 3],
    [1, 3, 5],
    [1, 2, 3, 4, 5],
  ]) {
    const sid = randomBytes(32)
    const shares = signers.map((i) => share(i, signers, sid))
    expect(modQ(shares.reduce((a, b) => a + b, 0n))).toBe(0n)
    for (const z of shares) expect(z).not.toBe(0n)
  }
})

test('shares are bound to the sid and to the signing set', () => {
  const sid = randomBytes(32)
  const a = share(1, [1, 2, 3], sid)
  expect(share(1, [1, 2, 3], randomBytes(32))).not.toBe(a)
  expect(share(1, [1, 2, 4], sid)).not.toBe(a)
  expect(share(1, [1, 2, 3], sid)).toBe(a)
})

test('a missing seed or foreign signer set is rejected', () => {
  expect(() => zeroShare({ self: 1, signers: [1, 2], seeds: {}, sid: randomBytes(32) })).toThrow(
    new RangeError('"zeroSeeds[2]" expected Uint8Array of length 32'),
  )
  expect(() => share(4, [1, 2], randomBytes(32))).toThrow(
    new RangeError('party 4 is not in the signing set'),
  )
})
