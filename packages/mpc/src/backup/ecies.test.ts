import { expect, test } from 'vitest'
import { seededRng } from '../test/rng.ts'
import { eciesOpen, eciesSeal, generateEncryptionKey } from './ecies.ts'

test('seal/open round-trips and binds the associated data', () => {
  const rng = seededRng('ecies')
  const { secretKey, publicKey } = generateEncryptionKey(rng)
  const msg = Uint8Array.from({ length: 64 }, (_, i) => i)
  const aad = Uint8Array.of(1, 2, 3)
  const blob = eciesSeal(publicKey, msg, aad, rng)
  expect(eciesOpen(secretKey, blob, aad)).toEqual(msg)
  expect(() => eciesOpen(secretKey, blob, Uint8Array.of(1, 2, 4))).toThrow(
    'ECIES: authentication failed',
  )
  const tampered = blob.slice()
  tampered[60] = (tampered[60] as number) ^ 1
  expect(() => eciesOpen(secretKey, tampered, aad)).toThrow('ECIES: authentication failed')
  const other = generateEncryptionKey(rng)
  expect(() => eciesOpen(other.secretKey, blob, aad)).toThrow('ECIES: authentication failed')
})
