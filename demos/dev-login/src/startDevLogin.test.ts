/**
 * The development OIDC issuer: its tokens verify against its own discovery + JWKS with the claims
 * a co-signer checks (iss, aud, sub, nonce, exp); the login page round trip returns the token in
 * the redirect fragment; unknown clients, foreign redirect origins and malformed names are refused
 * before anything is signed.
 */
import { createRemoteJWKSet, jwtVerify } from 'jose'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type DevLogin, startDevLogin } from './startDevLogin.ts'

let login: DevLogin
const signerOrigin = 'http://127.0.0.1:5174'

beforeAll(async () => {
  login = await startDevLogin({ clientId: 'tessera-signer', redirectOrigins: [signerOrigin] })
})
afterAll(() => login.close())

async function verify(token: string) {
  const discovery = (await (
    await fetch(`${login.issuer}/.well-known/openid-configuration`)
  ).json()) as { issuer: string; jwks_uri: string }
  expect(discovery.issuer).toBe(login.issuer)
  const keys = createRemoteJWKSet(new URL(discovery.jwks_uri))
  return jwtVerify(token, keys, { issuer: login.issuer, audience: 'tessera-signer' })
}

test('an issued token verifies with the issuer key and carries sub, nonce and a short expiry', async () => {
  const { payload, protectedHeader } = await verify(await login.issue('alice', 'n-1'))
  expect(protectedHeader.alg).toBe('EdDSA')
  expect(payload.sub).toBe('dev-alice')
  expect(payload.nonce).toBe('n-1')
  expect(typeof payload.jti).toBe('string')
  expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(600)
})

test('the login page returns the token in the redirect fragment with the state', async () => {
  const query = new URLSearchParams({
    client_id: 'tessera-signer',
    redirect_uri: `${signerOrigin}/login/callback`,
    state: 's<1>',
    nonce: 'n-2',
  })
  const page = await (await fetch(`${login.issuer}/authorize?${query}`)).text()
  expect(page).toContain('Development only')
  expect(page).toContain('value="s&#60;1&#62;"')
  const response = await fetch(`${login.issuer}/authorize`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      clientId: 'tessera-signer',
      redirectUri: `${signerOrigin}/login/callback`,
      state: 's<1>',
      nonce: 'n-2',
      user: 'bob',
    }),
  })
  expect(response.status).toBe(303)
  const location = new URL(response.headers.get('location') ?? '')
  expect(location.origin + location.pathname).toBe(`${signerOrigin}/login/callback`)
  const fragment = new URLSearchParams(location.hash.slice(1))
  expect(fragment.get('state')).toBe('s<1>')
  const { payload } = await verify(fragment.get('id_token') ?? '')
  expect(payload.sub).toBe('dev-bob')
  expect(payload.nonce).toBe('n-2')
})

test.each([
  [
    'an unknown client',
    { client_id: 'other', redirect_uri: `${signerOrigin}/cb` },
    'unknown client_id',
  ],
  [
    'a foreign redirect origin',
    { client_id: 'tessera-signer', redirect_uri: 'https://evil.example/cb' },
    'redirect_uri origin https://evil.example is not allowed',
  ],
  [
    'a redirect that is not a URL',
    { client_id: 'tessera-signer', redirect_uri: 'nope' },
    'redirect_uri is not a URL',
  ],
])('the page refuses %s', async (_name, params, message) => {
  const response = await fetch(`${login.issuer}/authorize?${new URLSearchParams(params)}`)
  expect(response.status).toBe(400)
  expect(await response.json()).toEqual({ error: message })
})

test('a malformed user name is refused and nothing is signed', async () => {
  const response = await fetch(`${login.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: 'a b\u0000' }),
  })
  expect(response.status).toBe(400)
  expect(await response.json()).toEqual({ error: 'invalid user' })
})
