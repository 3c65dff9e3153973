/** Noise §4.3 HKDF, written from the spec on HMAC, equals RFC 5869 HKDF (noble's) for every hash. */
import { blake2b, blake2s } from '@noble/hashes/blake2.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256, sha512 } from '@noble/hashes/sha2.js'
import type { CHash } from '@noble/hashes/utils.js'
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { EXTRA_FUNCTIONS } from './extra.ts'

const NOBLE: Record<string, CHash> = {
  SHA256: sha256,
  SHA512: sha512,
  BLAKE2s: blake2s,
  BLAKE2b: blake2b,
}

test.each(Object.keys(NOBLE))(
  '%s: outputs are RFC 5869 HKDF(salt = ck, ikm, info = empty) cut in HASHLEN pieces',
  (name) => {
    const fn = EXTRA_FUNCTIONS.hash[name]
    const reference = NOBLE[name] as CHash
    if (fn === undefined) throw new Error(`no ${name}`)
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: fn.length, maxLength: fn.length }),
        fc.uint8Array({ maxLength: 200 }),
        fc.constantFrom(2 as const, 3 as const),
        (ck, ikm, outputs) => {
          const okm = hkdf(reference, ikm, ck, undefined, fn.length * outputs)
          const expected = Array.from({ length: outputs }, (_, i) =>
            okm.slice(i * fn.length, (i + 1) * fn.length),
          )
          expect(fn.hkdf(ck, ikm, outputs)).toEqual(expected)
        },
      ),
      { numRuns: 50 },
    )
  },
)
