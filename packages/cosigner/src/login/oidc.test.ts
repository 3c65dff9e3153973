/**
 * OIDC ID tokens against a local issuer with rotating keys (docs/AUTH.md#oidc): algorithms,
 * JWKS caching by cache headers, one refetch on an unknown kid with a cooldown, and every claim
 * check with its exact error.
 */
import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type OidcDouble, startOidcDouble } from '../test/oidcDouble.ts'
import { createOidcVerifier, type OidcVerifier } from './oidc.ts'

const CLIENT = 'tessera-cosigner'
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')

describe('OIDC ID tokens against a local issuer', () => {
  let double: OidcDouble
  let verifier: OidcVerifier
  let clock = 1_800_000_000_000
  const now = () => clock
  const nowSec = () => Math.floor(clock / 1000)
  const claims = (extra: Record<string, unknown> = {}) => ({
    iss: double.issuer,
    aud: CLIENT,
    sub: 'user-123',
    email: 'someone@example.com',
    iat: nowSec(),
    exp: nowSec() + 300,
    ...extra,
  })

  beforeAll(async () => {
    double = await startOidcDouble()
    verifier = createOidcVerifier({
      issuer: double.issuer,
      clientId: CLIENT,
      now,
      refetchCooldownMs: 30_000,
    })
  })
  afterAll(() => double.close())

  test('RS256, ES256 and EdDSA tokens give oidc:<issuer>:<sub>, never the email', async () => {
    for (const alg of ['RS256', 'ES256', 'EdDSA'] as const) {
      clock += 60_000
      double.rotate(alg)
      const login = await verifier.verify(await double.sign(claims()))
      expect(login).toEqual({
        provider: 'oidc',
        identity: `oidc:${double.issuer}:user-123`,
        sub: 'user-123',
        expiresAt: (nowSec() + 300) * 1000,
        replayKey: JSON.stringify(['user-123', nowSec(), '', '']),
      })
    }
  })

  test('the JWKS is reused while its max-age lasts and refetched after', async () => {
    clock += 3600_000
    double.maxAgeSec = 120
    await verifier.verify(await double.sign(claims()))
    const fetches = double.jwksFetches
    clock += 60_000
    await verifier.verify(await double.sign(claims()))
    expect(double.jwksFetches).toBe(fetches)
    clock += 61_000
    await verifier.verify(await double.sign(claims()))
    expect(double.jwksFetches).toBe(fetches + 1)
  })

  test('a rotated key is fetched once; unknown kids within the cooldown cause no fetch', async () => {
    double.maxAgeSec = 3600
    clock += 3600_000
    await verifier.verify(await double.sign(claims()))
    clock += 31_000
    const fetches = double.jwksFetches
    double.rotate('ES256')
    expect((await verifier.verify(await double.sign(claims()))).sub).toBe('user-123')
    expect(double.jwksFetches).toBe(fetches + 1)
    const forged = await double.sign(claims(), { header: { kid: 'not-a-key' } })
    await expect(verifier.verify(forged)).rejects.toThrow(
      'OIDC ID token rejected: no key in the issuer JWKS matches the token’s "kid"',
    )
    expect(double.jwksFetches).toBe(fetches + 1)
    clock += 30_000
    await expect(verifier.verify(forged)).rejects.toThrow('no key in the issuer JWKS matches')
    expect(double.jwksFetches).toBe(fetches + 2)
  })

  test('a retired key stops verifying once the cache refreshes', async () => {
    double.maxAgeSec = 10
    clock += 3600_000
    const old = double.rotate('RS256')
    const token = await double.sign(claims({ exp: nowSec() + 3000 }))
    await verifier.verify(token)
    double.rotate('RS256')
    double.retire(old)
    clock += 11_000
    await expect(verifier.verify(token)).rejects.toThrow('no key in the issuer JWKS matches')
  })

  test('none, HS256, RS384 and a missing kid are refused', async () => {
    const payload = b64(claims())
    await expect(verifier.verify(`${b64({ alg: 'none', kid: 'x' })}.${payload}.`)).rejects.toThrow(
      'OIDC ID token rejected: algorithm "none" not allowed',
    )
    const h = b64({ alg: 'HS256', kid: 'x' })
    const sig = createHmac('sha256', 'secret').update(`${h}.${payload}`).digest('base64url')
    await expect(verifier.verify(`${h}.${payload}.${sig}`)).rejects.toThrow(
      'algorithm "HS256" not allowed',
    )
    await expect(
      verifier.verify(`${b64({ alg: 'RS384', kid: 'x' })}.${payload}.x`),
    ).rejects.toThrow('algorithm "RS384" not allowed')
    await expect(verifier.verify(`${b64({ alg: 'RS256' })}.${payload}.x`)).rejects.toThrow(
      'OIDC ID token rejected: "kid" header missing',
    )
    await expect(verifier.verify('garbage')).rejects.toThrow(
      'OIDC ID token rejected: malformed token',
    )
  })

  test('a key used with another algorithm than its own is refused', async () => {
    clock += 3600_000
    const kid = double.rotate('ES256')
    const token = await double.sign(claims(), { header: { alg: 'ES256', kid } })
    const [, p, s] = token.split('.') as [string, string, string]
    await expect(verifier.verify(`${b64({ alg: 'RS256', kid })}.${p}.${s}`)).rejects.toThrow(
      `OIDC ID token rejected: key "${kid}" is for ES256, token uses RS256`,
    )
  })

  test('a bad signature is refused', async () => {
    const token = await double.sign(claims())
    const [h, , s] = token.split('.') as [string, string, string]
    await expect(verifier.verify(`${h}.${b64(claims({ sub: 'admin' }))}.${s}`)).rejects.toThrow(
      'OIDC ID token rejected: signature does not verify',
    )
  })

  test.each<[string, Record<string, unknown>, string]>([
    ['another issuer', { iss: 'https://evil.example' }, '"iss" claim mismatch'],
    ['another audience', { aud: 'someone-else' }, '"aud" does not contain our client id'],
    [
      'several audiences without azp',
      { aud: [CLIENT, 'other'] },
      '"azp" missing with several audiences',
    ],
    [
      'azp of another client',
      { aud: [CLIENT, 'other'], azp: 'other' },
      '"azp" is not our client id',
    ],
    ['expired beyond the skew', { exp: -61 }, 'expired ("exp" is in the past)'],
    ['not valid yet beyond the skew', { nbf: 61 }, 'not yet valid ("nbf" is in the future)'],
    ['issued in the future', { iat: 61 }, '"iat" is in the future'],
    ['no sub', { sub: undefined }, '"sub" claim missing'],
  ])('%s is refused', async (_label, change, reason) => {
    const relative = Object.fromEntries(
      Object.entries(change).map(([k, v]) => [
        k,
        ['exp', 'nbf', 'iat'].includes(k) ? nowSec() + (v as number) : v,
      ]),
    )
    await expect(verifier.verify(await double.sign(claims(relative)))).rejects.toThrow(
      `OIDC ID token rejected: ${reason}`,
    )
  })

  test('skew of up to 60 s is tolerated; several audiences with our azp pass', async () => {
    const ok = await double.sign(
      claims({ exp: nowSec() - 59, iat: nowSec() - 400, nbf: nowSec() + 59 }),
    )
    expect((await verifier.verify(ok)).sub).toBe('user-123')
    const multi = await double.sign(claims({ aud: [CLIENT, 'other'], azp: CLIENT }))
    expect((await verifier.verify(multi)).sub).toBe('user-123')
  })

  test('the nonce must match when one is expected', async () => {
    const token = await double.sign(claims({ nonce: 'n-1' }))
    expect((await verifier.verify(token, { nonce: 'n-1' })).sub).toBe('user-123')
    await expect(verifier.verify(token, { nonce: 'n-2' })).rejects.toThrow(
      'OIDC ID token rejected: "nonce" mismatch',
    )
    await expect(verifier.verify(await double.sign(claims()), { nonce: 'n-1' })).rejects.toThrow(
      '"nonce" mismatch',
    )
  })

  test('a discovery document naming another issuer is a misconfiguration', async () => {
    const wrong = createOidcVerifier({ issuer: `${double.issuer}/`, clientId: CLIENT, now })
    await expect(wrong.verify(await double.sign(claims()))).rejects.toThrow(
      `OIDC discovery names issuer "${double.issuer}", configured "${double.issuer}/"`,
    )
  })
})
