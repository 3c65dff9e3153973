import { HDKey } from '@scure/bip32'
import fc from 'fast-check'
import { expect, test } from 'vitest'
import type { KeyShare } from '../dkg/keyShare.ts'
import { validateKeyShare } from '../dkg/keyShare.ts'
import { runDkg } from '../test/dkgHarness.ts'
import { seededRng } from '../test/rng.ts'
import { deriveSecp256k1 } from './bip32.ts'
import { parsePath } from './path.ts'
import { tweakKeyShare } from './tweakKeyShare.ts'
import { exportXpub } from './xpub.ts'

const { shares } = runDkg({
  curve: 'secp256k1',
  t: 2,
  n: 3,
  online: [1, 2],
  rng: seededRng('bip32'),
})
const root = shares.get(1) as KeyShare

test('the exported xpub derives the same child keys in @scure/bip32 (random non-hardened paths)', () => {
  const xpub = exportXpub(root)
  const hd = HDKey.fromExtendedKey(xpub)
  expect(hd.publicKey).toEqual(root.publicKey)
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { minLength: 1, maxLength: 4 }),
      (steps) => {
        const path = `m/${steps.join('/')}`
        const ours = deriveSecp256k1(root, path)
        const theirs = hd.derive(path)
        expect(ours.publicKey).toEqual(theirs.publicKey)
        expect(ours.chainCode).toEqual(theirs.chainCode)
        expect(exportXpub(root, path)).toBe(theirs.publicExtendedKey)
      },
    ),
    { numRuns: 12, seed: 42 },
  )
})

test('every party adding δ gives shares of the child key', () => {
  const d = deriveSecp256k1(root, 'm/0/7')
  const tweaked = [...shares.values()].map((s) => tweakKeyShare(s, d.delta, d.chainCode))
  for (const s of tweaked) {
    validateKeyShare(s) // includes: every t-window of X_k interpolates to the child PK
    expect(s.publicKey).toEqual(d.publicKey)
  }
})

test('hardened steps are refused with an explanation', () => {
  expect(() => parsePath("m/44'/60'")).toThrow(
    `hardened step "44'" cannot be derived from a threshold key (no full private key)`,
  )
  expect(() => parsePath([2 ** 31])).toThrow(RangeError)
})
