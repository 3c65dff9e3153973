/**
 * Behind a reverse proxy (`--trust-proxy`), per-IP connection limits count the client address
 * from X-Forwarded-For — the right-most hop that is not a trusted proxy — not the proxy's own
 * address; without the setting (the default) the header is ignored and the peer is counted.
 */
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { testRelay } from '../../test/harness.ts'
import { newIdentity, signJwt } from '../../test/jwt.ts'

const sockets: WebSocket[] = []
let stop: (() => Promise<void>) | undefined
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate()
  await stop?.()
})

/** Opens a socket as if forwarded for `forwardedFor`; resolves with 101 or the refusal status. */
function connectAs(url: string, forwardedFor: string): Promise<number> {
  const ws = new WebSocket(`${url}/?auth=${signJwt(newIdentity(), { aud: url })}`, {
    headers: { 'X-Forwarded-For': forwardedFor },
  })
  sockets.push(ws)
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(101))
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.once('error', reject)
  })
}

describe('trustProxy', () => {
  it('counts each forwarded client separately when the peer is a trusted proxy', async () => {
    const relay = await testRelay({ maxConnectionsPerIp: 1, trustProxy: ['127.0.0.1'] })
    stop = relay.stop
    expect(await connectAs(relay.url, '6.6.6.6, 203.0.113.1')).toBe(101)
    // A different client behind the same proxy (its self-written left part does not matter).
    expect(await connectAs(relay.url, '203.0.113.1, 203.0.113.2')).toBe(101)
    // The first client again: over its own limit.
    expect(await connectAs(relay.url, '198.51.100.9, 203.0.113.1')).toBe(429)
  })

  it('is off by default: the header is ignored and the peer is counted', async () => {
    const relay = await testRelay({ maxConnectionsPerIp: 1 })
    stop = relay.stop
    expect(await connectAs(relay.url, '203.0.113.1')).toBe(101)
    expect(await connectAs(relay.url, '203.0.113.2')).toBe(429)
  })
})
