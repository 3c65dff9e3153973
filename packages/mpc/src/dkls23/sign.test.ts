import { secp256k1 } from '@noble/curves/secp256k1.js'
import { randomBytes } from '@noble/hashes/utils.js'
import * as fc from 'fast-check'
import { bytesToHex, recoverAddress } from 'viem'
import { publicKeyToAddress } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { Q, readScalar, scalarBytes } from '../vole/scalars.ts'
import { ethereumSignature } from './ethereumSignature.ts'
import { dealKey, dealPairs, sign } from './testing/harness.ts'

const { shares, privateKey } = dealKey(2, 3)
const pairs = dealPairs(3)
const SUBSETS = [
  [1, 2],
  [1, 3],
  [2, 3],
]

function childKey(delta: bigint) {
  const sk = (readScalar(privateKey, 0) + delta) % Q
  return secp256k1.getPublicKey(scalarBytes(sk), false)
}

describe('DKLs23 2-of-3 signing', () => {
  test('every subset signs random messages; signatures verify, are low-s and recover to the address', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...SUBSETS),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.boolean(),
        async (signers, messageHash, derive) => {
          const delta = derive ? readScalar(randomBytes(32), 0) % Q : 0n
          const path = derive ? [7, 0] : []
          const sigs = await sign({
            shares,
            signers,
            pairs,
            messageHash,
            derivation: { delta, path },
          })
          const pkPrime = childKey(delta)
          const [first, ...rest] = [...sigs.values()]
          if (first === undefined) throw new Error('no signature')
          for (const other of rest) expect(other.compact).toEqual(first.compact)
          expect(
            secp256k1.verify(first.compact, messageHash, pkPrime, { prehash: false, lowS: true }),
          ).toBe(true)
          expect(readScalar(first.s, 0) <= Q >> 1n).toBe(true)
          const address = await recoverAddress({
            hash: bytesToHex(messageHash),
            signature: bytesToHex(ethereumSignature(first)),
          })
          expect(address).toBe(publicKeyToAddress(bytesToHex(pkPrime)))
        },
      ),
      { numRuns: 9 },
    )
  })
})
