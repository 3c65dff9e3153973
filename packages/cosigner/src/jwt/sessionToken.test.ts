/**
 * Session JWT verification, docs/AUTH.md#our-jwts: every negative path named there — wrong
 * signature, `alg: none`, HS256 keyed with our public key, wrong aud/iss, expired, not yet valid.
 */
import { createHmac, generateKeyPairSync } from 'node:crypto'
import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createKeyring, masterKey } from '../crypto/masterKey.ts'
import { ENGINES, type TestStore } from '../test/engines.ts'
import { createPublicKeyCache, type PublicKeyCache } from './publicKeyCache.ts'
import { issueSessionToken, verifySessionToken } from './sessionToken.ts'
import { createSigningKey, loadSigningKey, type SigningKey } from './signingKeys.ts'

const ISS = 'https://cosigner.test'
const AUD = 'https://cosigner.test'
const T0 = 1_800_000_000_000
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

const postgres = ENGINES.find((e) => e.name === 'postgres')
if (postgres === undefined) throw new Error('postgres engine missing')

describe('session JWTs', () => {
  let store: TestStore
  let key: SigningKey
  let cache: PublicKeyCache
  let clock = T0
  const now = () => clock
  const keyring = createKeyring(masterKey(new Uint8Array(32).fill(7)))
  const verify = (token: string, overrides: { issuer?: string; audience?: string } = {}) =>
    verifySessionToken(token, cache.resolve, { issuer: ISS, audience: AUD, now, ...overrides })
  const issue = () =>
    issueSessionToken(
      key,
      { sub: 'wechat:wx1:o123', dapp: 'demo', amr: 'wechat', cnf: { x25519: 'A'.repeat(43) } },
      { issuer: ISS, audience: AUD, ttlSec: 600, now },
    )

  beforeAll(async () => {
    store = await postgres.open()
    key = await loadSigningKey(store.db, keyring, T0)
    cache = createPublicKeyCache(store.db, now)
  })
  afterAll(() => store.cleanup())

  test('a fresh token verifies and carries sub, dapp, amr and cnf', async () => {
    clock = T0
    const { token, expiresAt } = await issue()
    expect(expiresAt).toBe(T0 + 600_000)
    const session = await verify(token)
    expect(session).toMatchObject({
      sub: 'wechat:wx1:o123',
      dapp: 'demo',
      amr: 'wechat',
      cnf: { x25519: 'A'.repeat(43) },
      iat: T0 / 1000,
      exp: T0 / 1000 + 600,
    })
    const jwks = await cache.jwks()
    expect(jwks.keys).toHaveLength(1)
    expect(jwks.keys[0]).toMatchObject({
      kty: 'EC',
      crv: 'P-256',
      alg: 'ES256',
      use: 'sig',
      kid: key.kid,
    })
    expect(jwks.keys[0]).not.toHaveProperty('d')
  })

  test('TTL above 15 minutes is refused at issue', async () => {
    await expect(
      issueSessionToken(
        key,
        { sub: 's', dapp: 'd', amr: 'oidc' },
        { issuer: ISS, audience: AUD, ttlSec: 901, now },
      ),
    ).rejects.toThrow('session TTL must be 1..900 s, got 901')
  })

  test('expired and not-yet-valid tokens are rejected', async () => {
    clock = T0
    const { token } = await issue()
    clock = T0 + 600_000
    await expect(verify(token)).rejects.toThrow(
      'session token rejected: expired ("exp" is in the past)',
    )
    clock = T0 - 1000
    await expect(verify(token)).rejects.toThrow(
      'session token rejected: not yet valid ("nbf" is in the future)',
    )
    clock = T0
  })

  test('wrong aud and wrong iss are rejected', async () => {
    const { token } = await issue()
    await expect(verify(token, { audience: 'https://other' })).rejects.toThrow(
      'session token rejected: "aud" claim mismatch',
    )
    await expect(verify(token, { issuer: 'https://other' })).rejects.toThrow(
      'session token rejected: "iss" claim mismatch',
    )
  })

  test('a wrong signature is rejected', async () => {
    const { token } = await issue()
    const [h, p, s] = token.split('.') as [string, string, string]
    const sig = Buffer.from(s, 'base64url')
    sig[5] = (sig[5] as number) ^ 1
    await expect(verify(`${h}.${p}.${sig.toString('base64url')}`)).rejects.toThrow(
      'session token rejected: signature does not verify',
    )
    // A token signed by a stranger's key under our kid.
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
    const forged = await new SignJWT({ dapp: 'demo', amr: ['wechat'] })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .setIssuer(ISS)
      .setAudience(AUD)
      .setSubject('wechat:wx1:o123')
      .setIssuedAt(T0 / 1000)
      .setNotBefore(T0 / 1000)
      .setExpirationTime(T0 / 1000 + 60)
      .setJti('x')
      .sign(stranger)
    await expect(verify(forged)).rejects.toThrow(
      'session token rejected: signature does not verify',
    )
    // A payload swapped under a valid signature.
    const other = b64({
      ...JSON.parse(Buffer.from(p, 'base64url').toString()),
      sub: 'wechat:wx1:evil',
    })
    await expect(verify(`${h}.${other}.${s}`)).rejects.toThrow(
      'session token rejected: signature does not verify',
    )
  })

  test('alg none is rejected', async () => {
    const { token } = await issue()
    const [, p] = token.split('.') as [string, string]
    await expect(verify(`${b64({ alg: 'none', kid: key.kid })}.${p}.`)).rejects.toThrow(
      'session token rejected: algorithm "none" not allowed',
    )
  })

  test('HS256 keyed with our public key is rejected', async () => {
    const { token } = await issue()
    const [, p] = token.split('.') as [string, string]
    const jwk = (await cache.jwks()).keys[0]
    const h = b64({ alg: 'HS256', kid: key.kid, typ: 'JWT' })
    for (const secret of [
      JSON.stringify(jwk),
      (await cache.resolve(key.kid))?.export({ format: 'pem', type: 'spki' }) as string,
    ]) {
      const sig = createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url')
      await expect(verify(`${h}.${p}.${sig}`)).rejects.toThrow(
        'session token rejected: algorithm "HS256" not allowed',
      )
    }
  })

  test('malformed tokens, unknown kids and missing claims are rejected', async () => {
    await expect(verify('not-a-jwt')).rejects.toThrow('session token rejected: malformed token')
    const { token } = await issue()
    const [, p, s] = token.split('.') as [string, string, string]
    await expect(verify(`${b64({ alg: 'ES256', kid: 'nope' })}.${p}.${s}`)).rejects.toThrow(
      'session token rejected: unknown "kid"',
    )
    await expect(verify(`${b64({ alg: 'ES256' })}.${p}.${s}`)).rejects.toThrow(
      'session token rejected: "kid" header missing',
    )
    const noDapp = await new SignJWT({ amr: ['wechat'] })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .setIssuer(ISS)
      .setAudience(AUD)
      .setSubject('s')
      .setIssuedAt(T0 / 1000)
      .setNotBefore(T0 / 1000)
      .setExpirationTime(T0 / 1000 + 60)
      .setJti('x')
      .sign(key.privateKey)
    await expect(verify(noDapp)).rejects.toThrow('session token rejected: "dapp" claim missing')
  })

  test('a key created by another process is found after a reload on the unknown kid', async () => {
    clock = T0 + 10_000
    const kid = await createSigningKey(store.db, keyring, clock)
    const newest = await loadSigningKey(store.db, keyring, clock)
    expect(newest.kid).toBe(kid)
    const { token } = await issueSessionToken(
      newest,
      { sub: 's', dapp: 'd', amr: 'oidc' },
      { issuer: ISS, audience: AUD, ttlSec: 60, now },
    )
    expect((await verify(token)).sub).toBe('s')
    clock = T0
  })
})

test('signing keys are shared through the database, sealed under the master key', async () => {
  const store = await postgres.open()
  const keyring = createKeyring(masterKey(new Uint8Array(32).fill(9)))
  try {
    const first = await loadSigningKey(store.db, keyring, T0)
    const rows = await store.db.query<{ ciphertext: Uint8Array }>(
      'SELECT ciphertext FROM signing_keys',
    )
    const der = first.privateKey.export({ format: 'der', type: 'pkcs8' })
    expect(rows).toHaveLength(1)
    expect(Buffer.from(rows[0]?.ciphertext ?? []).includes(der.subarray(-32))).toBe(false)
    // A second process (another pool on the same schema) signs with the same key.
    const again = await loadSigningKey(await store.reopen(), keyring, T0 + 1)
    expect(again.kid).toBe(first.kid)
    expect(again.privateKey.export({ format: 'der', type: 'pkcs8' })).toEqual(der)
    // Without the master key, it does not open.
    await expect(
      loadSigningKey(store.db, createKeyring(masterKey(new Uint8Array(32).fill(1))), T0),
    ).rejects.toThrow(
      /^data key is wrapped by master key mk-[0-9a-f]{16}, which is not in the keyring/,
    )
  } finally {
    await store.cleanup()
  }
})
