import { randomBytes } from '@noble/hashes/utils.js'
import { expect, test } from 'vitest'
import { splitExistingKeyIntoShares } from '../import/splitExistingKeyIntoShares.ts'
import { modQ } from '../vole/scalars.ts'
import { withZeroSeeds, zeroSeedContributions } from './setupZeroSeeds.ts'
import { zeroShare } from './zeroShares.ts'

const shares = splitExistingKeyIntoShares({
  curve: 'secp256k1',
  keyId: 'imported',
  t: 2,
  n: 3,
  privateKey: randomBytes(32),
})

/** Every party's contributions, then every party's share with the new seeds. */
function setUp() {
  const sent = shares.map((s) => zeroSeedContributions(s))
  return shares.map((s, k) => {
    const received = Object.fromEntries(
      sent.flatMap((c, m) => (m === k ? [] : [[m + 1, c[k + 1] as Uint8Array]])),
    )
    return withZeroSeeds(s, sent[k] as Record<number, Uint8Array>, received)
  })
}

test('both sides of each pair derive the same fresh seed, unlike the dealt one', () => {
  const fresh = setUp()
  for (let i = 1; i <= 3; i++)
    for (let j = 1; j <= 3; j++) {
      if (i === j) continue
      const mine = fresh[i - 1]?.zeroSeeds[j]
      expect(mine).toEqual(fresh[j - 1]?.zeroSeeds[i])
      expect(mine).not.toEqual(shares[i - 1]?.zeroSeeds[j])
    }
  expect(fresh[0]?.secretShare).toEqual(shares[0]?.secretShare)
})

test('property: the zero shares of any signing set sum to zero with the new seeds', () => {
  const fresh = setUp()
  for (const signers of [
    [1, 2],
    [1, 3],
    [2, 3],
    [1, 2, 3],
  ]) {
    const sid = randomBytes(32)
    const sum = signers
      .map((self) => zeroShare({ self, signers, seeds: fresh[self - 1]?.zeroSeeds ?? {}, sid }))
      .reduce((a, b) => a + b, 0n)
    expect(modQ(sum)).toBe(0n)
  }
})

test('refuses a missing or short contribution, and Ed25519 shares', () => {
  const [first] = shares
  if (first === undefined) throw new Error('no share')
  const sent = zeroSeedContributions(first)
  expect(() => withZeroSeeds(first, sent, { 2: new Uint8Array(32) })).toThrow(
    new TypeError('"received[3]" expected Uint8Array of length 32, got type=undefined'),
  )
  expect(() =>
    withZeroSeeds(first, sent, { 2: new Uint8Array(32), 3: new Uint8Array(31) }),
  ).toThrow(new RangeError('"received[3]" expected Uint8Array of length 32, got length=31'))
  expect(() => zeroSeedContributions({ ...first, curve: 'ed25519' })).toThrow(
    new TypeError('zero seeds are used on secp256k1 only'),
  )
})
