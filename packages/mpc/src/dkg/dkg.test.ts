import { expect, test } from 'vitest'
import { curveInfo } from '../encoding/curve.ts'
import { decodePoint, mulBase } from '../encoding/points.ts'
import { decodeScalar, modN } from '../encoding/scalars.ts'
import { runDkg } from '../test/dkgHarness.ts'
import { seededRng } from '../test/rng.ts'
import { type KeyShare, validateKeyShare } from './keyShare.ts'
import { lagrangeAtZero } from './polynomial.ts'

function subsets(items: number[], size: number): number[][] {
  if (size === 0) return [[]]
  if (items.length < size) return []
  const [first, ...rest] = items as [number, ...number[]]
  return [...subsets(rest, size - 1).map((s) => [first, ...s]), ...subsets(rest, size)]
}

/** Test-side check only: recombines the secret of a t-subset and compares its image with PK. */
function subsetInterpolatesToPk(shares: Map<number, KeyShare>, subset: number[]): boolean {
  const first = shares.get(subset[0] as number) as KeyShare
  const { curve } = first
  let secret = 0n
  for (const i of subset) {
    const share = shares.get(i) as KeyShare
    secret = modN(
      curve,
      secret + lagrangeAtZero(curve, subset, i) * decodeScalar(curve, share.secretShare, 'x'),
    )
  }
  return mulBase(curve, secret).equals(decodePoint(curve, first.publicKey, 'PK'))
}

const cases: [t: number, n: number, online?: number[]][] = [
  [2, 3, [1, 2]], // default: device + co-signer online, backup offline
  [2, 2],
  [3, 3],
  [3, 5, [1, 2, 4]],
  [5, 5],
]

for (const curve of ['secp256k1', 'ed25519'] as const) {
  for (const [t, n, online] of cases) {
    test(`${curve} ${t}-of-${n} DKG (online ${online?.join(',') ?? 'all'}): every t-subset interpolates to PK`, () => {
      const { shares } = runDkg({
        curve,
        t,
        n,
        ...(online ? { online } : {}),
        rng: seededRng(`${curve}${t}${n}`),
      })
      expect(shares.size).toBe(n)
      const all = [...shares.values()]
      for (const s of all) {
        validateKeyShare(s)
        expect(s.publicKey).toEqual(all[0]?.publicKey)
        expect(s.chainCode).toEqual(all[0]?.chainCode)
        expect(s.publicShares).toEqual(all[0]?.publicShares)
      }
      const indices = Array.from({ length: n }, (_, k) => k + 1)
      for (const subset of subsets(indices, t))
        expect(subsetInterpolatesToPk(shares, subset)).toBe(true)
      // A (t-1)-subset does not determine the key.
      expect(subsetInterpolatesToPk(shares, indices.slice(0, t - 1))).toBe(false)
      if (curve === 'secp256k1') {
        for (const s of all) {
          for (const o of all) {
            if (o.index === s.index) continue
            const seed = s.zeroSeeds[o.index]
            // Offline-offline pairs get no seed at DKG (set up lazily); all others agree.
            if (online && !online.includes(s.index) && !online.includes(o.index)) {
              expect(seed).toBeUndefined()
            } else {
              expect(seed).toEqual(o.zeroSeeds[s.index])
            }
          }
        }
      } else {
        for (const s of all) expect(Object.keys(s.zeroSeeds)).toHaveLength(0)
      }
      expect(curveInfo(curve).pointBytes).toBe(all[0]?.publicKey.length)
    })
  }
}

test('two runs with fresh randomness give unrelated keys', () => {
  const a = runDkg({ curve: 'secp256k1', t: 2, n: 2 })
  const b = runDkg({ curve: 'secp256k1', t: 2, n: 2 })
  expect(a.shares.get(1)?.publicKey).not.toEqual(b.shares.get(1)?.publicKey)
})
