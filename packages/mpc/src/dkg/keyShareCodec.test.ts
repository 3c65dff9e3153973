import { expect, test } from 'vitest'
import { encodeScalar } from '../encoding/scalars.ts'
import { MpcError } from '../errors.ts'
import { splitExistingKeyIntoShares } from '../import/splitExistingKeyIntoShares.ts'
import { seededRng } from '../test/rng.ts'
import { deserializeKeyShare, serializeKeyShare } from './keyShareCodec.ts'

for (const curve of ['secp256k1', 'ed25519'] as const) {
  test(`${curve}: a share round-trips through the v1 binary form`, () => {
    const rng = seededRng(`codec-${curve}`)
    const shares = splitExistingKeyIntoShares({
      curve,
      keyId: 'key-1',
      t: 2,
      n: 3,
      privateKey: encodeScalar(curve, 123456789n),
      rng,
    })
    const share = shares[1]
    if (share === undefined) throw new Error('no share')
    const bytes = serializeKeyShare(share)
    expect(deserializeKeyShare(bytes)).toEqual(share)
  })
}

test('a flipped secret byte is Malformed (x_i·G ≠ X_i)', () => {
  const [share] = splitExistingKeyIntoShares({
    curve: 'secp256k1',
    keyId: 'k',
    t: 2,
    n: 3,
    privateKey: encodeScalar('secp256k1', 99n),
    rng: seededRng('flip'),
  })
  if (share === undefined) throw new Error('no share')
  const bytes = serializeKeyShare(share)
  const at = 2 + 2 + 1 + 4 + 3 + 5 // inside x_i
  bytes[at] = (bytes[at] as number) ^ 1
  const err = (() => {
    try {
      deserializeKeyShare(bytes)
    } catch (e) {
      return e
    }
  })()
  expect(err).toBeInstanceOf(MpcError)
  expect((err as MpcError).code).toBe('Malformed')
  expect((err as MpcError).message).toBe(
    'invalid serialised key share: secretShare·G ≠ publicShares[index]',
  )
})

test('trailing bytes and unknown versions are Malformed', () => {
  const [share] = splitExistingKeyIntoShares({
    curve: 'ed25519',
    keyId: 'k',
    t: 2,
    n: 2,
    privateKey: encodeScalar('ed25519', 5n),
    rng: seededRng('trail'),
  })
  if (share === undefined) throw new Error('no share')
  const bytes = serializeKeyShare(share)
  expect(() => deserializeKeyShare(Uint8Array.of(...bytes, 0))).toThrow(
    'invalid serialised key share: trailing bytes',
  )
  const v2 = bytes.slice()
  v2[0] = 2
  expect(() => deserializeKeyShare(v2)).toThrow(
    'invalid serialised key share: unsupported key share version 2',
  )
})
