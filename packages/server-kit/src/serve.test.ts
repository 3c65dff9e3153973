/**
 * `serve` on a real loopback port: the /health shape (200 and 503), the injected clock, the
 * route table (params, 404, 405, 500), 431 for oversized heads, /metrics, upgrades with the
 * client address behind a trusted proxy, the shutdown order, and a port in use.
 */
import { connect } from 'node:net'
import { afterEach, expect, test } from 'vitest'
import { ConfigError } from './ConfigError.ts'
import { createLogger } from './log.ts'
import { createMetricsRegistry } from './metrics.ts'
import { type ServeOptions, type Serving, serve } from './serve.ts'

const log = createLogger({ level: 'silent' })
const running: Serving[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()))
})

async function start(overrides: Partial<ServeOptions> = {}): Promise<Serving> {
  const serving = await serve({
    host: '127.0.0.1',
    port: 0,
    log,
    clock: () => 1_000_000,
    routes: [
      {
        method: 'GET',
        path: /^\/items\/([a-z]+)$/,
        label: 'item',
        handle: (_req, res, info) => {
          res.end(JSON.stringify({ id: info.params[0], ip: info.ip, now: info.now }))
        },
      },
      {
        method: ['POST', 'PUT'],
        path: '/boom',
        label: 'boom',
        handle: () => {
          throw new Error('secret detail')
        },
      },
    ],
    health: { service: 'demo', node: 'n1', engine: 'memory', ping: async () => {} },
    ...overrides,
  })
  running.push(serving)
  return serving
}

/** Sends raw bytes and resolves with everything written back before the server closes. */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let answer = ''
    socket.on('data', (c: Buffer) => {
      answer += c.toString('latin1')
    })
    socket.on('error', reject)
    socket.on('close', () => resolve(answer))
    socket.write(text)
  })
}

test('/health: one shape, 200 when storage answers, 503 when not; uptime from the clock', async () => {
  let now = 1_000_000
  let up = true
  const s = await start({
    clock: () => now,
    health: {
      service: 'demo',
      node: 'n1',
      engine: 'memory',
      ping: async () => {
        if (!up) throw new Error('down')
      },
    },
  })
  now += 42_000
  const ok = await fetch(`${s.url}/health`)
  expect(ok.status).toBe(200)
  expect(await ok.json()).toEqual({
    status: 'ok',
    service: 'demo',
    node: 'n1',
    uptimeSec: 42,
    storage: { engine: 'memory', reachable: true },
  })
  up = false
  const down = await fetch(`${s.url}/health`)
  expect(down.status).toBe(503)
  expect(await down.json()).toMatchObject({
    status: 'unavailable',
    storage: { engine: 'memory', reachable: false },
  })
})

test('routes: params and the clock reach the handler; 404, 405 and opaque 500', async () => {
  const s = await start()
  expect(await (await fetch(`${s.url}/items/abc`)).json()).toEqual({
    id: 'abc',
    ip: '127.0.0.1',
    now: 1_000_000,
  })
  const missing = await fetch(`${s.url}/nothing`)
  expect(missing.status).toBe(404)
  expect(await missing.json()).toEqual({
    error: { code: 'NotFound', message: 'no route for /nothing' },
  })
  const wrong = await fetch(`${s.url}/boom`)
  expect(wrong.status).toBe(405)
  expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('MethodNotAllowed')
  const boom = await fetch(`${s.url}/boom`, { method: 'POST' })
  expect(boom.status).toBe(500)
  expect(await boom.text()).not.toContain('secret detail')
})

test('/metrics serves the registry; onRequest sees labels, never raw paths', async () => {
  const metrics = createMetricsRegistry({ defaultMetrics: false })
  metrics.gauge({ name: 'demo_things', help: 'Things.' }).set(3)
  const seen: string[] = []
  const s = await start({ metrics, onRequest: (label, status) => seen.push(`${label} ${status}`) })
  const answer = await fetch(`${s.url}/metrics`)
  expect(answer.headers.get('content-type')).toContain('text/plain')
  expect(await answer.text()).toContain('demo_things 3')
  await (await fetch(`${s.url}/items/xyz`)).text()
  await (await fetch(`${s.url}/secret-path`)).text()
  expect(seen).toEqual(['metrics 200', 'item 200', 'unknown 404'])
})

test('an oversized request head gets 431; a request that does not parse 400', async () => {
  const statuses: number[] = []
  const s = await start({ maxHeaderBytes: 4096, onClientError: (status) => statuses.push(status) })
  const big = await raw(
    s.port,
    `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'x'.repeat(64 * 1024)}\r\n\r\n`,
  )
  expect(big.split('\r\n')[0]).toBe('HTTP/1.1 431 Request Header Fields Too Large')
  expect(big).toContain('"code":"HeaderTooLarge"')
  const bad = await raw(s.port, 'NOT HTTP\r\n\r\n')
  expect(bad.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request')
  expect(statuses).toEqual([431, 400])
})

test('upgrades get the client address behind a trusted proxy; without a handler 404', async () => {
  const ips: string[] = []
  const s = await start({
    trustProxy: ['127.0.0.0/8'],
    upgrade: (_req, socket, _head, ip) => {
      ips.push(ip)
      socket.end('HTTP/1.1 429 Too Many Requests\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
    },
  })
  const upgrade = (forwarded: string) =>
    `GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nX-Forwarded-For: ${forwarded}\r\n\r\n`
  expect(await raw(s.port, upgrade('6.6.6.6, 203.0.113.9'))).toMatch(/^HTTP\/1.1 429/)
  expect(ips).toEqual(['203.0.113.9'])
  const plain = await start()
  expect(await raw(plain.port, upgrade('203.0.113.9'))).toMatch(/^HTTP\/1.1 404/)
})

test('close stops accepting, runs the server close hook, then ends; a port in use is a ConfigError', async () => {
  const order: string[] = []
  const s = await start({
    close: async () => {
      order.push('hook')
    },
  })
  const taken = serve({
    host: '127.0.0.1',
    port: s.port,
    log,
    clock: Date.now,
    routes: [],
    health: { service: 'demo', node: 'n2', engine: 'memory', ping: async () => {} },
  })
  await expect(taken).rejects.toThrow(
    new ConfigError('PortInUse', `port ${s.port} on 127.0.0.1 is in use`),
  )
  await expect(taken).rejects.toMatchObject({ code: 'PortInUse' })
  await s.close()
  order.push('closed')
  expect(order).toEqual(['hook', 'closed'])
  await expect(fetch(`${s.url}/health`)).rejects.toThrow()
})

test('cors: off by default; listed origins get headers, preflights name the path’s methods', async () => {
  const origin = 'https://app.example'
  const preflight = (url: string, from: string, method: string) =>
    fetch(url, {
      method: 'OPTIONS',
      headers: {
        origin: from,
        'access-control-request-method': method,
        'access-control-request-headers': 'authorization, content-type',
      },
    })
  const off = await start()
  const offAnswer = await preflight(`${off.url}/boom`, origin, 'PUT')
  expect(offAnswer.status).toBe(405)
  expect(offAnswer.headers.get('access-control-allow-origin')).toBeNull()
  const plain = await fetch(`${off.url}/items/abc`, { headers: { origin } })
  expect(plain.headers.get('access-control-allow-origin')).toBeNull()

  const on = await start({ cors: { origins: [origin] } })
  const ok = await preflight(`${on.url}/boom`, origin, 'PUT')
  expect(ok.status).toBe(204)
  expect(Object.fromEntries(ok.headers)).toMatchObject({
    'access-control-allow-origin': origin,
    'access-control-allow-methods': 'POST, PUT',
    'access-control-allow-headers': 'authorization, content-type',
    'access-control-max-age': '600',
    vary: 'Origin',
  })
  expect(ok.headers.get('access-control-allow-credentials')).toBeNull()
  // Another origin, a method the path lacks, or a path without routes: 403, no grant.
  for (const [path, from, method] of [
    ['/boom', 'https://evil.example', 'PUT'],
    ['/boom', origin, 'DELETE'],
    ['/nowhere', origin, 'GET'],
  ] as const) {
    const refused = await preflight(`${on.url}${path}`, from, method)
    expect(refused.status, `${path} ${from} ${method}`).toBe(403)
    expect(refused.headers.get('access-control-allow-origin')).toBeNull()
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('CorsRefused')
  }
  // Simple requests: the grant names the listed origin only; answers vary by Origin.
  const granted = await fetch(`${on.url}/items/abc`, { headers: { origin } })
  expect(granted.status).toBe(200)
  expect(granted.headers.get('access-control-allow-origin')).toBe(origin)
  expect(granted.headers.get('vary')).toBe('Origin')
  const other = await fetch(`${on.url}/health`, { headers: { origin: 'https://evil.example' } })
  expect(other.status).toBe(200)
  expect(other.headers.get('access-control-allow-origin')).toBeNull()
  // An error answer carries the grant too, so the page can read the error body.
  const failed = await fetch(`${on.url}/items/ABC`, { headers: { origin } })
  expect(failed.status).toBe(404)
  expect(failed.headers.get('access-control-allow-origin')).toBe(origin)
})
