import { randomBytes } from '@noble/hashes/utils.js'
import * as fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { encodePoint, identity, mulBase } from '../curve/index.ts'
import { glvSplit, LAMBDA } from '../curve/scalar.ts'
import { expectMpcError } from '../ot/testing/expectMpcError.ts'
import { Q } from '../vole/scalars.ts'
import { nonceOf, nonceX, verifierWeight } from './signMath.ts'

/** The shortest nonzero vector of {(a, b) : a + λ·b ≡ 0 mod q}, by Lagrange–Gauss reduction. */
function shortestNormSquared(): bigint {
  const dot = (u: [bigint, bigint], v: [bigint, bigint]) => u[0] * v[0] + u[1] * v[1]
  let u: [bigint, bigint] = [Q, 0n]
  let v: [bigint, bigint] = [Q - LAMBDA, 1n]
  if (dot(u, u) < dot(v, v)) [u, v] = [v, u]
  for (;;) {
    // Rounded quotient of ⟨u, v⟩ / ⟨v, v⟩ (towards the nearest integer).
    const num = dot(u, v)
    const den = dot(v, v)
    const m = (2n * num + (num < 0n ? -den : den)) / (2n * den)
    const w: [bigint, bigint] = [u[0] - m * v[0], u[1] - m * v[1]]
    if (dot(w, w) >= den) return den
    u = v
    v = w
  }
}

describe('verifierWeight (the ρ of the Γ check)', () => {
  test('distinct 64-bit halves give distinct ρ: the lattice has no vector shorter than 2^127', () => {
    // Two pairs (ρ_1, ρ_2) ≠ (ρ′_1, ρ′_2) with the same ρ would give a lattice vector of norm below
    // 2^64.5; the shortest one is far longer, so ρ takes 2^128 distinct values.
    expect(shortestNormSquared() > 2n ** 254n).toBe(true)
  })

  test("is ρ_1 + λ·ρ_2 mod q, and msmUnsafe's GLV split gives back the 64-bit halves", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        const view = new DataView(bytes.buffer, bytes.byteOffset)
        const rho1 = view.getBigUint64(0)
        const rho2 = view.getBigUint64(8)
        const rho = verifierWeight(bytes)
        if (rho1 === 0n && rho2 === 0n) return expect(rho).toBe(1n)
        expect(rho).toBe((rho1 + LAMBDA * rho2) % Q)
        const { k1, k2, neg1, neg2 } = glvSplit(rho)
        expect([neg1 ? -k1 : k1, neg2 ? -k2 : k2]).toEqual([rho1, rho2])
      }),
      { numRuns: 500 },
    )
  })

  test('uses the first 16 bytes only; ρ = 0 becomes 1; fewer than 16 bytes is a RangeError', () => {
    const bytes = randomBytes(32)
    const other = bytes.slice()
    other.fill(0xaa, 16)
    expect(verifierWeight(other)).toBe(verifierWeight(bytes))
    expect(verifierWeight(new Uint8Array(32))).toBe(1n)
    expect(() => verifierWeight(new Uint8Array(15))).toThrow(
      new RangeError('"bytes" expected at least 16 bytes'),
    )
  })
})

describe('nonceOf', () => {
  test('r_x and the encoding of R from one conversion, as nonceX and encodePoint give them', () => {
    for (let i = 0; i < 50; i++) {
      const R = mulBase(BigInt(`0x${Buffer.from(randomBytes(31)).toString('hex')}`) + 1n)
      const { rx, encoded } = nonceOf(R)
      expect(encoded).toEqual(encodePoint(R))
      expect(rx).toBe(nonceX(R))
    }
  })

  test('R = O is an Abort', () => {
    expectMpcError(() => nonceOf(identity()), {
      code: 'Abort',
      culprit: undefined,
      message: 'dkls23: R = O',
    })
  })
})
