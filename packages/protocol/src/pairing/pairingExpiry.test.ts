import fc from 'fast-check'
import { expect, test } from 'vitest'
import { pairingExpiry } from './pairingExpiry.ts'

test('defaults to 5 minutes (SESSION.md)', () => {
  expect(pairingExpiry(1_700_000_000)).toBe(1_700_000_300)
})

test('property: now + ttl for every ttl from 1 s to a day', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2 ** 40 }),
      fc.integer({ min: 1, max: 86_400 }),
      (now, ttl) => {
        expect(pairingExpiry(now, ttl)).toBe(now + ttl)
      },
    ),
  )
})

test.each([0, -5, 86_401, 1.5, Number.NaN])('refuses the lifetime %o', (ttl) => {
  expect(() => pairingExpiry(1_700_000_000, ttl)).toThrow(
    new RangeError(`"ttlSeconds" expected an integer from 1 to 86400, got ${String(ttl)}`),
  )
})

test.each([-1, 1.5, 2 ** 53])('refuses the time %o', (now) => {
  expect(() => pairingExpiry(now)).toThrow(
    new RangeError(
      `"now" expected a non-negative safe integer of Unix seconds, got ${String(now)}`,
    ),
  )
})
