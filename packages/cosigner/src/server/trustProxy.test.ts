/**
 * Behind a reverse proxy (`--trust-proxy`), the login limiter counts the forwarded client (the
 * right-most X-Forwarded-For hop that is not a trusted proxy), not the proxy; without the setting
 * (the default) the header is ignored. Real co-signer on the real PostgreSQL.
 */
import { afterEach, describe, expect, test } from 'vitest'
import { startTestCosigner, type TestCosigner } from '../test/startTestCosigner.ts'

let cosigner: TestCosigner | undefined
afterEach(async () => {
  await cosigner?.cleanup()
  cosigner = undefined
})

/** A login attempt (its body is refused; only whether the limiter let it through matters). */
async function attempt(url: string, forwardedFor: string): Promise<string> {
  const response = await fetch(`${url}/v1/login/oidc`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': forwardedFor },
    body: '{}',
  })
  const body = (await response.json()) as { error: { code: string } }
  return body.error.code
}

describe('trustProxy and per-address login limits', { timeout: 60_000 }, () => {
  test('on: each forwarded client has its own allowance', async () => {
    cosigner = await startTestCosigner({ loginPerMinuteIp: 1, trustProxy: ['127.0.0.0/8'] })
    expect(await attempt(cosigner.url, '203.0.113.1')).not.toBe('RateLimited')
    expect(await attempt(cosigner.url, '6.6.6.6, 203.0.113.2')).not.toBe('RateLimited')
    expect(await attempt(cosigner.url, '198.51.100.1, 203.0.113.1')).toBe('RateLimited')
  })

  test('off by default: one allowance for the peer, whatever the header says', async () => {
    cosigner = await startTestCosigner({ loginPerMinuteIp: 1 })
    expect(await attempt(cosigner.url, '203.0.113.1')).not.toBe('RateLimited')
    expect(await attempt(cosigner.url, '203.0.113.2')).toBe('RateLimited')
  })
})
