/** The replay window accepts each nonce once, tolerates reordering inside the window, and no more. */
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { ReplayWindow } from './replayWindow.ts'
import { expectNoise } from './test/expectNoise.ts'

describe('ReplayWindow', () => {
  test('accepts reordered nonces inside the window, once each', () => {
    const window = new ReplayWindow(64)
    for (const n of [5n, 3n, 4n, 0n, 63n, 10n]) window.accept(n)
    expectNoise(() => window.check(3n), 'Replay', 'nonce 3 was already received')
    expectNoise(() => window.check(63n), 'Replay', 'nonce 63 was already received')
    expect(() => window.check(1n)).not.toThrow()
    window.accept(70n) // the window now covers [7, 70]
    expectNoise(
      () => window.check(6n),
      'NonceOutOfWindow',
      'nonce 6 is older than the replay window (highest 70, window 64)',
    )
    expectNoise(() => window.check(10n), 'Replay', 'nonce 10 was already received')
    expect(() => window.check(8n)).not.toThrow()
  })

  test('a jump beyond the window forgets everything older', () => {
    const window = new ReplayWindow(32)
    window.accept(1n)
    window.accept(1000n)
    expectNoise(() => window.check(1n), 'NonceOutOfWindow', /older than the replay window/)
    expectNoise(() => window.check(1000n), 'Replay', 'nonce 1000 was already received')
  })

  test('state survives export and restore', () => {
    const window = new ReplayWindow(64)
    for (const n of [1n, 2n, 40n]) window.accept(n)
    const restored = new ReplayWindow(64, window.exportState())
    expectNoise(() => restored.check(2n), 'Replay', 'nonce 2 was already received')
    expect(() => restored.check(3n)).not.toThrow()
  })

  test('matches a model: a nonce is accepted iff new and no older than highest − size', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 300n }), { maxLength: 200 }), (nonces) => {
        const window = new ReplayWindow(64)
        const seen = new Set<bigint>()
        let highest = -1n
        for (const nonce of nonces) {
          const expected = !seen.has(nonce) && (nonce > highest || highest - nonce < 64n)
          let accepted = true
          try {
            window.accept(nonce)
          } catch {
            accepted = false
          }
          expect(accepted).toBe(expected)
          if (accepted) {
            seen.add(nonce)
            if (nonce > highest) highest = nonce
          }
        }
      }),
      { numRuns: 200 },
    )
  })

  test('rejects unusable sizes', () => {
    expect(() => new ReplayWindow(33)).toThrow(
      new RangeError('replay window size must be a multiple of 32 in [32, 2^20], got 33'),
    )
  })
})
