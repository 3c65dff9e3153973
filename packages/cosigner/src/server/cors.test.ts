/**
 * CORS on the co-signer (docs/DEPLOYMENT.md#browsers-and-cors): off by default (the signer app
 * reaches it through a same-origin proxy); with `corsOrigins`, a listed origin's page can log in
 * (POST, JSON) and store a backup envelope (PUT with Authorization) directly, and other origins
 * get no grant. A real co-signer on PostgreSQL.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { loadConfig } from '../config.ts'
import { startTestCosigner, type TestCosigner } from '../test/startTestCosigner.ts'

const APP = 'https://signer.example'
let c: TestCosigner
beforeAll(async () => {
  c = await startTestCosigner({ corsOrigins: [APP] })
}, 60_000)
afterAll(async () => {
  await c?.cleanup()
})

const preflight = (path: string, origin: string, method: string, headers: string) =>
  fetch(`${c.url}${path}`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': headers,
    },
  })

test('COSIGNER_CORS_ORIGINS / --cors-origins: none by default, origins only', () => {
  expect(loadConfig([], {}).corsOrigins).toEqual([])
  expect(
    loadConfig(['--cors-origins', 'https://a.example,http://localhost:5173'], {}).corsOrigins,
  ).toEqual(['https://a.example', 'http://localhost:5173'])
  expect(loadConfig([], { COSIGNER_CORS_ORIGINS: 'https://a.example/' }).corsOrigins).toEqual([
    'https://a.example',
  ])
  expect(() => loadConfig(['--cors-origins', 'https://a.example/app'], {})).toThrow(
    '--cors-origins: "https://a.example/app" is not an origin',
  )
})

test('preflights: login POST and backup PUT for the listed origin; others refused', async () => {
  const login = await preflight('/v1/login/oidc', APP, 'POST', 'content-type')
  expect(login.status).toBe(204)
  expect(login.headers.get('access-control-allow-origin')).toBe(APP)
  expect(login.headers.get('access-control-allow-methods')).toBe('POST')
  expect(login.headers.get('access-control-allow-headers')).toBe('authorization, content-type')

  const backup = await preflight('/v1/keys/k1/backup', APP, 'PUT', 'authorization, content-type')
  expect(backup.status).toBe(204)
  expect(backup.headers.get('access-control-allow-methods')).toBe('GET, PUT')
  const admin = await preflight('/v1/admin/policies/x/y', APP, 'DELETE', 'authorization')
  expect(admin.status).toBe(204)
  expect(admin.headers.get('access-control-allow-methods')).toBe('GET, PUT, DELETE')

  for (const [path, origin, method] of [
    ['/v1/login/oidc', 'https://evil.example', 'POST'],
    ['/v1/login/oidc', APP, 'PUT'],
    ['/v1/nowhere', APP, 'GET'],
  ] as const) {
    const refused = await preflight(path, origin, method, 'content-type')
    expect(refused.status, `${path} ${origin} ${method}`).toBe(403)
    expect(refused.headers.get('access-control-allow-origin')).toBeNull()
  }
})

test('answers to the listed origin carry the grant, errors included; others none', async () => {
  const post = (origin: string) =>
    fetch(`${c.url}/v1/login/oidc`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ idToken: 'x', dappId: 'Bad Dapp' }),
    })
  const mine = await post(APP)
  expect(mine.status).toBe(400)
  expect(mine.headers.get('access-control-allow-origin')).toBe(APP)
  expect(mine.headers.get('vary')).toBe('Origin')
  const theirs = await post('https://evil.example')
  expect(theirs.status).toBe(400)
  expect(theirs.headers.get('access-control-allow-origin')).toBeNull()
  const health = await fetch(`${c.url}/health`, { headers: { origin: APP } })
  expect(health.headers.get('access-control-allow-origin')).toBe(APP)
})
