/**
 * χ = Σ_j β_j·g_j on limbs (rvole.ts, voleChi) against the BigInt sum it replaced: random gadget
 * vectors and choice bits, plus the edge cases (no bit set, every bit set, one bit, gadget entries
 * 0 and q − 1 so the sum wraps q many times).
 */
import * as fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { XI } from '../ot/extension.ts'
import { gadgetVector, voleChi } from './rvole.ts'
import { Q } from './scalars.ts'

/** The BigInt reference: the loop voleChi used before it ran on limbs (timing leaks weight(β)). */
function chiReference(gadget: readonly bigint[], choices: Uint32Array): bigint {
  let acc = 0n
  for (let j = 0; j < XI; j++)
    acc += (gadget[j] as bigint) * BigInt(((choices[j >>> 5] as number) >>> (j & 31)) & 1)
  return acc % Q
}

const WORDS = XI / 32
const choicesArb = fc.oneof(
  fc.constantFrom(
    new Uint32Array(WORDS),
    new Uint32Array(WORDS).fill(0xffffffff),
    Uint32Array.from({ length: WORDS }, (_, i) => (i === WORDS - 1 ? 0x80000000 : 0)),
  ),
  fc.uint32Array({ minLength: WORDS, maxLength: WORDS }),
)
const gadgetArb = fc.oneof(
  {
    arbitrary: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((sid) => gadgetVector(sid)),
    weight: 1,
  },
  {
    arbitrary: fc.constantFrom(
      Array.from({ length: XI }, () => Q - 1n),
      Array.from({ length: XI }, (_, j) => (j % 2 === 0 ? 0n : Q - 1n)),
    ),
    weight: 1,
  },
)

describe('vOLE χ on limbs', () => {
  test('agrees with the BigInt sum for any gadget and choice bits', () => {
    fc.assert(
      fc.property(gadgetArb, choicesArb, (gadget, choices) => {
        expect(voleChi(gadget, choices)).toBe(chiReference(gadget, choices))
      }),
      { numRuns: 200 },
    )
  })

  test('all bits set: Σ_j (q − 1) = −512 mod q', () => {
    const gadget = Array.from({ length: XI }, () => Q - 1n)
    expect(voleChi(gadget, new Uint32Array(WORDS).fill(0xffffffff))).toBe(Q - BigInt(XI))
  })

  test('a gadget of the wrong length is a RangeError', () => {
    expect(() => voleChi([1n], new Uint32Array(WORDS))).toThrow(
      new RangeError(`"gadget" expected ${XI} or 416 scalars, got 1`),
    )
  })
})
