/** How long an OIDC JWKS may be reused, from Cache-Control and Expires (RFC 9111). */
import { expect, test } from 'vitest'
import { freshnessMs } from './cacheControl.ts'

const h = (init: Record<string, string>) => new Headers(init)

test('cache headers decide how long a JWKS is reused', () => {
  expect(freshnessMs(h({ 'cache-control': 'public, max-age=600' }), 0, 5)).toBe(600_000)
  expect(freshnessMs(h({ 'cache-control': 'max-age=60, no-cache' }), 0, 5)).toBe(0)
  expect(freshnessMs(h({ 'cache-control': 'no-store' }), 0, 5)).toBe(0)
  expect(freshnessMs(h({ 'cache-control': 'max-age=999999999' }), 0, 5)).toBe(86_400_000)
  expect(
    freshnessMs(
      h({ expires: 'Wed, 21 Oct 2026 07:28:00 GMT', date: 'Wed, 21 Oct 2026 07:27:00 GMT' }),
      0,
      5,
    ),
  ).toBe(60_000)
  expect(freshnessMs(h({ expires: '0' }), 0, 5)).toBe(0)
  expect(freshnessMs(h({}), 0, 300_000)).toBe(300_000)
})
