/**
 * docs/THRESHOLD.md#10-signatures-verify: every ECDSA output has low s and recovers to PK′, over
 * thousands of random messages, derivation offsets and signer subsets. Two layers, to stay fast:
 * - the output step (`outputSignature`: s = Σw/Σu, low-s, recovery id, the check under PK′) on
 *   2,000 random (k, x, δ, m) with Σu, Σw split as the protocol produces them;
 * - the full three-round protocol on random subsets of a 2-of-3 and a 3-of-5 key with random
 *   paths and messages (FUZZ_RUNS sets the count for a soak run; the default keeps it quick).
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { randomBytes } from '@noble/hashes/utils.js'
import { describe, expect, test } from 'vitest'
import { decodePoint } from '../curve/index.ts'
import { Q, readScalar } from '../vole/scalars.ts'
import { inverse, outputSignature } from './signMath.ts'
import { dealKey, dealPairs, sign } from './testing/harness.ts'
import { verifyingKey } from './verifyingKey.ts'

const G = secp256k1.Point.BASE
const scalar = () => (readScalar(randomBytes(32), 0) % (Q - 1n)) + 1n

function expectLowSAndRecovery(
  sig: { compact: Uint8Array; s: Uint8Array; recovery: number },
  messageHash: Uint8Array,
  pkPrime: Uint8Array,
  alsoVerify: boolean,
) {
  expect(readScalar(sig.s, 0) <= Q >> 1n).toBe(true)
  // Recovery to PK′ already implies a valid (r, s); noble's verify is an independent second check.
  if (alsoVerify) {
    const ok = secp256k1.verify(sig.compact, messageHash, pkPrime, { prehash: false, lowS: true })
    expect(ok).toBe(true)
  }
  const recovered = secp256k1.recoverPublicKey(
    Uint8Array.from([sig.recovery, ...sig.compact]),
    messageHash,
    { prehash: false },
  )
  expect(recovered).toEqual(pkPrime)
}

describe('attack 10: low s and recovery to PK′ on every output', () => {
  test('the output step over 2,000 random nonces, keys, offsets and messages', () => {
    // 20 keys (half of them derived with a random δ) × 100 messages each.
    let xPrime = 0n
    let pkPrime = G
    for (let run = 0; run < 2000; run++) {
      if (run % 100 === 0) {
        const delta = run % 200 === 0 ? 0n : scalar()
        xPrime = (scalar() + delta) % Q || 1n
        pkPrime = G.multiply(xPrime)
      }
      const k = scalar()
      const messageHash = randomBytes(32)
      const m = readScalar(messageHash, 0) % Q
      const bigR = G.multiply(k)
      const r = bigR.toAffine().x % Q
      // Σu = ρ·k and Σw = ρ·(m + r·x′) for a random blinding ρ, split as random shares would be.
      const rho = scalar()
      const sumU = (rho * k) % Q
      const sumW = (rho * ((m + r * xPrime) % Q)) % Q
      const sig = outputSignature({
        bigR: decodePoint(bigR.toBytes(true)),
        sumU,
        sumW,
        messageHash,
        pkPrime: verifyingKey(pkPrime.toBytes(true)),
      })
      expect(readScalar(sig.r, 0)).toBe(r)
      const s = (((m + r * xPrime) % Q) * inverse(k)) % Q
      expect(readScalar(sig.s, 0)).toBe(s > Q >> 1n ? Q - s : s)
      expectLowSAndRecovery(sig, messageHash, pkPrime.toBytes(true), run % 10 === 0)
    }
    // ≈5 s of CPU alone; the limit leaves room for a machine shared with other test files.
  }, 120_000)

  const runs = Number(process.env.FUZZ_RUNS ?? 16)
  for (const [t, n] of [
    [2, 3],
    [3, 5],
  ] as const) {
    test(`${runs} full ${t}-of-${n} signatures: random subsets, paths and messages`, async () => {
      const { shares, privateKey } = dealKey(t, n)
      const pairs = dealPairs(n)
      const x = readScalar(privateKey, 0)
      for (let run = 0; run < runs; run++) {
        const size = t + (run % (n - t + 1))
        const signers = [...Array(n).keys()]
          .map((i) => i + 1)
          .sort(() => (randomBytes(1)[0] as number) - 128)
          .slice(0, size)
        const path = Array.from(
          { length: run % 4 },
          () => readScalar(randomBytes(32), 0) % 2n ** 31n,
        )
        const delta = path.length === 0 ? 0n : scalar()
        const messageHash = randomBytes(32)
        const sigs = await sign({
          shares,
          signers,
          pairs,
          messageHash,
          derivation: { delta, path: path.map(Number) },
        })
        const pkPrime = G.multiply((x + delta) % Q).toBytes(true)
        const [first, ...rest] = [...sigs.values()]
        if (first === undefined) throw new Error('no signature')
        for (const other of rest) expect(other.compact).toEqual(first.compact)
        expectLowSAndRecovery(first, messageHash, pkPrime, true)
      }
    })
  }
})
