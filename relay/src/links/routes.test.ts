/**
 * Short links over HTTP: register, redirect, QR, body validation, per-IP limit, bearer token.
 */
import jsQR from 'jsqr'
import { afterEach, describe, expect, it } from 'vitest'
import { testRelay } from '../../test/harness.ts'
import { rasterise } from '../../test/rasterise.ts'

const URI = `wc:${'3c'.repeat(32)}@2?relay-protocol=irn&symKey=${'9d'.repeat(32)}`
let relay: Awaited<ReturnType<typeof testRelay>> | undefined
afterEach(async () => {
  await relay?.stop()
  relay = undefined
})

const post = (base: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/r`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

describe('short links', () => {
  it('registers a pairing URI, redirects to the signer link and serves a decodable QR', async () => {
    relay = await testRelay({ linkTarget: 'https://signer.example/pair?uri=' })
    const base = relay.url.replace('ws:', 'http:')
    const created = await post(base, { uri: URI })
    expect(created.status).toBe(201)
    const { id, path, qr } = (await created.json()) as { id: string; path: string; qr: string }
    expect(id).toMatch(/^[A-Za-z0-9]{10}$/)
    const redirect = await fetch(`${base}${path}`, { redirect: 'manual' })
    expect(redirect.status).toBe(302)
    expect(redirect.headers.get('location')).toBe(
      `https://signer.example/pair?uri=${encodeURIComponent(URI)}`,
    )
    const svg = await fetch(`${base}${qr}`)
    expect(svg.headers.get('content-type')).toBe('image/svg+xml')
    const { data, size } = rasterise(await svg.text())
    expect(jsQR(data, size, size)?.data).toBe(URI)
    expect((await fetch(`${base}/r/ZZZZZZZZZZ`, { redirect: 'manual' })).status).toBe(404)
    expect((await fetch(`${base}/qr/..%2Fetc.svg`)).status).toBe(404)
  })

  it('validates the body and rate-limits unauthenticated registration per IP', async () => {
    relay = await testRelay({ linkPerMinuteIp: 3 })
    const base = relay.url.replace('ws:', 'http:')
    expect((await post(base, '{nope')).status).toBe(400)
    expect((await post(base, { uri: 'https://not-wc' })).status).toBe(400)
    expect((await post(base, { uri: 'x'.repeat(5000) })).status).toBe(413)
    // Three calls were spent above (the limit counts attempts); the next is refused.
    const refused = await post(base, { uri: URI })
    expect(refused.status).toBe(429)
    expect(await refused.json()).toEqual({ error: 'rate_limited' })
  })

  it('requires the bearer token when one is configured', async () => {
    relay = await testRelay({ linkToken: 's3cret-token' })
    const base = relay.url.replace('ws:', 'http:')
    expect((await post(base, { uri: URI })).status).toBe(401)
    expect((await post(base, { uri: URI }, { authorization: 'Bearer wrong' })).status).toBe(401)
    expect((await post(base, { uri: URI }, { authorization: 'Bearer s3cret-token' })).status).toBe(
      201,
    )
  })
})
