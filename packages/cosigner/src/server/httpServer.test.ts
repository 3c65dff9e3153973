/**
 * The co-signer's HTTP surface end to end, on the real PostgreSQL and the platform doubles:
 * one login per adapter, JWKS, status, health, metrics, body limits, audit isolation between
 * identities and dapps, and the admin API. Logs are captured and checked for secrets.
 */
import { decodeJwt, decodeProtectedHeader } from 'jose'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  ADMIN_TOKEN,
  startTestCosigner,
  TELEGRAM_BOT_TOKEN,
  type TestCosigner,
} from '../test/startTestCosigner.ts'
import { signInitData } from '../test/telegramInitData.ts'

let c: TestCosigner
/** An ES256 key in the issuer's JWKS from the start (the verifier caches the JWKS). */
let es256Kid: string
beforeAll(async () => {
  c = await startTestCosigner()
  es256Kid = c.oidc.rotate('ES256')
  c.oidc.rotate('RS256')
}, 60_000)
afterAll(() => c.cleanup())

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${c.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
const get = (path: string, token?: string) =>
  fetch(
    `${c.url}${path}`,
    token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } },
  )
// Loosely typed on purpose: each test asserts the exact shape of the answer it reads.
interface Answer {
  error: { code: string; message: string; platformCode?: string }
  token: string
  identity: string
  expiresAt: number
  keys: Record<string, unknown>[]
  records: { seq: number; kind: string; data: unknown }[]
  policy: unknown
  [key: string]: unknown
}
const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as Answer })

async function wechatLogin(openid: string, dappId = 'demo') {
  const res = await json(
    await post('/v1/login/wechat', { code: c.wechat.issueCode({ openid }), dappId }),
  )
  expect(res.status).toBe(200)
  return res.body
}

describe('login endpoints', () => {
  test('WeChat: a session JWT for wechat:<appid>:<openid>, no session_key anywhere', async () => {
    const answer = await wechatLogin('o-http-alice')
    expect(answer.identity).toBe(`wechat:${c.wechat.appId}:o-http-alice`)
    const claims = decodeJwt(answer.token)
    expect(claims).toMatchObject({
      sub: answer.identity,
      dapp: 'demo',
      iss: c.url,
      aud: c.url,
      amr: ['wechat'],
    })
    expect((claims.exp as number) - (claims.iat as number)).toBe(600)
    expect(decodeProtectedHeader(answer.token).alg).toBe('ES256')
    expect(JSON.stringify(answer)).not.toContain('session_key')
    expect(c.logs.join('\n')).not.toContain('session_key')
  })

  test('WeChat: a platform error comes back with its code; a replayed code is refused', async () => {
    const code = c.wechat.issueCode({ openid: 'o-http-bob' })
    expect((await post('/v1/login/wechat', { code, dappId: 'demo' })).status).toBe(200)
    expect(await json(await post('/v1/login/wechat', { code, dappId: 'demo' }))).toEqual({
      status: 401,
      body: { error: { code: 'CodeReplayed', message: 'wechat login token was already used' } },
    })
    c.wechat.failNext(40226)
    expect(
      await json(
        await post('/v1/login/wechat', {
          code: c.wechat.issueCode({ openid: 'o-x' }),
          dappId: 'demo',
        }),
      ),
    ).toEqual({
      status: 403,
      body: {
        error: {
          code: 'LoginBlocked',
          message: 'WeChat blocked this high-risk user (errcode 40226)',
          platformCode: '40226',
        },
      },
    })
  })

  test('Alipay: a session for alipay:<appid>:<user_id>', async () => {
    const res = await json(
      await post('/v1/login/alipay', {
        authCode: c.alipay.issueCode({ userId: '2088000000000099' }),
        dappId: 'demo',
      }),
    )
    expect(res.status).toBe(200)
    expect(res.body.identity).toBe(`alipay:${c.alipay.appId}:2088000000000099`)
  })

  test('Telegram: Authorization tma <initData>; stale initData refused', async () => {
    const authDate = Math.floor(c.clock.now / 1000) - 10
    const initData = signInitData(
      [
        ['auth_date', String(authDate)],
        ['user', '{"id":777,"first_name":"T"}'],
      ],
      TELEGRAM_BOT_TOKEN,
    )
    const res = await json(
      await post('/v1/login/telegram', { dappId: 'demo' }, { authorization: `tma ${initData}` }),
    )
    expect(res.status).toBe(200)
    expect(res.body.identity).toBe('telegram:7000000001:777')
    const old = signInitData(
      [
        ['auth_date', String(authDate - 3600)],
        ['user', '{"id":777}'],
      ],
      TELEGRAM_BOT_TOKEN,
    )
    expect(
      await json(
        await post('/v1/login/telegram', { dappId: 'demo' }, { authorization: `tma ${old}` }),
      ),
    ).toEqual({
      status: 401,
      body: {
        error: {
          code: 'LoginFailed',
          message: 'Telegram initData rejected: "auth_date" is older than 3600 s',
        },
      },
    })
    expect((await post('/v1/login/telegram', { dappId: 'demo' })).status).toBe(401)
  })

  test('OIDC: a session for oidc:<issuer>:<sub>; the same ID token twice is a replay', async () => {
    const nowSec = Math.floor(c.clock.now / 1000)
    const idToken = await c.oidc.sign({
      iss: c.oidc.issuer,
      aud: 'tessera',
      sub: 'u-1',
      iat: nowSec,
      exp: nowSec + 300,
      nonce: 'n1',
    })
    const res = await json(await post('/v1/login/oidc', { idToken, nonce: 'n1', dappId: 'demo' }))
    expect(res.status).toBe(200)
    expect(res.body.identity).toBe(`oidc:${c.oidc.issuer}:u-1`)
    expect(
      (await json(await post('/v1/login/oidc', { idToken, nonce: 'n1', dappId: 'demo' }))).body
        .error.code,
    ).toBe('CodeReplayed')
    const foreign = await c.oidc.sign({
      iss: 'https://other.example',
      aud: 'tessera',
      sub: 'u-1',
      iat: nowSec,
      exp: nowSec + 300,
    })
    expect(
      (await json(await post('/v1/login/oidc', { idToken: foreign, dappId: 'demo' }))).body.error
        .message,
    ).toBe('OIDC ID token rejected: issuer not accepted by this co-signer')
  })

  test('OIDC replay is keyed on the verified claims: a re-encoded signature is the same login', async () => {
    const nowSec = Math.floor(c.clock.now / 1000)
    const claims = {
      iss: c.oidc.issuer,
      aud: 'tessera',
      sub: 'u-malleable',
      iat: nowSec,
      exp: nowSec + 300,
    }
    // ECDSA: (r, n − s) verifies too.
    const es256 = await c.oidc.sign({ ...claims, jti: 'j-es256' }, { kid: es256Kid })
    const [head, body, signature] = es256.split('.') as [string, string, string]
    const rs = Buffer.from(signature, 'base64url')
    const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n
    const s = BigInt(`0x${rs.subarray(32).toString('hex')}`)
    const flipped = Buffer.concat([
      rs.subarray(0, 32),
      Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex'),
    ])
    const malleated = `${head}.${body}.${flipped.toString('base64url')}`
    expect(malleated).not.toBe(es256)
    expect((await post('/v1/login/oidc', { idToken: es256, dappId: 'demo' })).status).toBe(200)
    expect(
      (await json(await post('/v1/login/oidc', { idToken: malleated, dappId: 'demo' }))).body.error
        .code,
    ).toBe('CodeReplayed')
    // RS256: the last base64url character of a 256-byte signature has four spare bits.
    const rs256 = await c.oidc.sign({ ...claims, jti: 'j-rs256' })
    const last = rs256.at(-1) as string
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const spare = alphabet[alphabet.indexOf(last) ^ 1] as string
    const respelled = `${rs256.slice(0, -1)}${spare}`
    expect((await post('/v1/login/oidc', { idToken: rs256, dappId: 'demo' })).status).toBe(200)
    const second = await json(await post('/v1/login/oidc', { idToken: respelled, dappId: 'demo' }))
    expect(second.body.error.code).toBe('CodeReplayed')
  })

  test('an OIDC login stays single-use until the token expires, not for a fixed hour', async () => {
    const nowSec = Math.floor(c.clock.now / 1000)
    const idToken = await c.oidc.sign({
      iss: c.oidc.issuer,
      aud: 'tessera',
      sub: 'u-long',
      iat: nowSec,
      exp: nowSec + 3 * 3600,
      jti: 'j-long',
    })
    expect((await post('/v1/login/oidc', { idToken, dappId: 'demo' })).status).toBe(200)
    const start = c.clock.now
    try {
      c.clock.now = start + 2 * 3600_000
      expect(
        (await json(await post('/v1/login/oidc', { idToken, dappId: 'demo' }))).body.error.code,
      ).toBe('CodeReplayed')
    } finally {
      c.clock.now = start
    }
  })

  test.each([
    ['NUL', 'u\u0000x'],
    ['a right-to-left override', 'u\u202ex'],
    ['a zero-width space', 'u\u200bx'],
  ])('an OIDC sub with %s is a 400 before any state changes', async (_name, sub) => {
    const nowSec = Math.floor(c.clock.now / 1000)
    const claims = {
      iss: c.oidc.issuer,
      aud: 'tessera',
      sub,
      iat: nowSec,
      exp: nowSec + 300,
      jti: `j-${sub}`,
    }
    const idToken = await c.oidc.sign(claims)
    const res = await json(await post('/v1/login/oidc', { idToken, dappId: 'demo' }))
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('BadRequest')
    expect(res.body.error.message).toContain('"sub" must be')
    // Nothing was claimed: the same token is refused the same way, not as a replay.
    expect(
      (await json(await post('/v1/login/oidc', { idToken, dappId: 'demo' }))).body.error.code,
    ).toBe('BadRequest')
  })

  test('inputs are validated before use: dapp id, device key, content type, body size', async () => {
    expect(
      (await json(await post('/v1/login/wechat', { code: 'abc', dappId: 'Bad Dapp' }))).body.error
        .message,
    ).toBe('"dappId" is missing or malformed')
    expect(
      (
        await json(
          await post('/v1/login/wechat', { code: 'abc', dappId: 'demo', deviceKey: 'short' }),
        )
      ).body.error.message,
    ).toBe('"deviceKey" is missing or malformed')
    // 43 characters whose last one carries bits past 32 bytes: not canonical base64url.
    const loose = await json(
      await post('/v1/login/wechat', {
        code: 'abc',
        dappId: 'demo',
        deviceKey: `${'A'.repeat(42)}B`,
      }),
    )
    expect([loose.status, loose.body.error.message]).toEqual([
      400,
      '"deviceKey" is missing or malformed',
    ])
    const text = await fetch(`${c.url}/v1/login/wechat`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    })
    expect((await json(text)).body.error.message).toBe('Content-Type must be application/json')
    const big = await post('/v1/login/wechat', {
      code: 'a',
      dappId: 'demo',
      pad: 'x'.repeat(20_000),
    })
    expect(await json(big)).toEqual({
      status: 413,
      body: { error: { code: 'PayloadTooLarge', message: 'request body larger than 16384 bytes' } },
    })
  })
})

describe('public endpoints', () => {
  test('JWKS publishes the ES256 public key that verifies our tokens', async () => {
    const { token } = await wechatLogin('o-jwks')
    const jwks = await json(await get('/.well-known/jwks.json'))
    expect(jwks.body.keys).toHaveLength(1)
    expect(jwks.body.keys[0]).toMatchObject({
      kty: 'EC',
      crv: 'P-256',
      alg: 'ES256',
      kid: decodeProtectedHeader(token).kid,
    })
    expect(JSON.stringify(jwks.body)).not.toContain('"d"')
  })

  test('status names the Noise key and what is served; health and metrics answer', async () => {
    const status = await json(await get('/v1/status'))
    expect(status.body).toMatchObject({
      service: 'tessera-cosigner',
      engine: 'postgres',
      noise: { protocol: 'Noise_IK_25519_ChaChaPoly_BLAKE2s', staticKey: c.noiseStaticKey },
      logins: { wechat: true, alipay: true, telegram: 'hmac', oidc: [c.oidc.issuer] },
      mpc: {
        protocols: [
          'dkg',
          'dkls23-setup',
          'dkls23-presign',
          'dkls23-sign',
          'frost-sign',
          'refresh',
          'recovery',
          'key-export',
        ],
      },
    })
    expect(await json(await get('/health'))).toMatchObject({
      status: 200,
      body: { status: 'ok', service: 'cosigner', storage: { engine: 'postgres', reachable: true } },
    })
    const metrics = await (await get('/metrics')).text()
    expect(metrics).toContain('# TYPE cosigner_http_requests_total counter')
    expect(metrics).toMatch(/cosigner_logins_total\{result="wechat:ok"\} [1-9]/)
    expect(metrics).toContain('cosigner_mpc_connections 0')
  })

  test('unknown routes are 404 and wrong methods 405', async () => {
    expect((await get('/nope')).status).toBe(404)
    expect((await json(await get('/v1/login/wechat'))).status).toBe(405)
  })
})

describe('audit over HTTP', () => {
  test('each identity reads only its own records, for the dapp of its session', async () => {
    const alice = await wechatLogin('o-audit-alice', 'dapp-a')
    const aliceOther = await wechatLogin('o-audit-alice', 'dapp-b')
    const bob = await wechatLogin('o-audit-bob', 'dapp-a')
    const mine = await json(await get('/v1/audit', alice.token))
    expect(mine.body.identity).toBe(alice.identity)
    expect(mine.body.records.map((r: { kind: string; data: unknown }) => [r.kind, r.data])).toEqual(
      [['login', { provider: 'wechat', deviceKeyBound: false }]],
    )
    expect((await json(await get('/v1/audit', aliceOther.token))).body.records).toHaveLength(1)
    const bobs = await json(await get('/v1/audit', bob.token))
    expect(
      bobs.body.records.every(
        (r: { seq: number }) => !mine.body.records.some((m: { seq: number }) => m.seq === r.seq),
      ),
    ).toBe(true)
    expect((await json(await get('/v1/keys', bob.token))).body).toEqual({ keys: [] })
  })

  test('no token, a forged token or a bad limit are refused', async () => {
    expect(await json(await get('/v1/audit'))).toEqual({
      status: 401,
      body: {
        error: { code: 'Unauthorized', message: 'Authorization must be "Bearer <session token>"' },
      },
    })
    const { token } = await wechatLogin('o-audit-carol')
    const [h, p] = token.split('.')
    expect((await json(await get('/v1/audit', `${h}.${p}.AAAA`))).body.error.message).toBe(
      'session token rejected: signature does not verify',
    )
    expect((await json(await get('/v1/audit?limit=0', token))).body.error.message).toBe(
      '"limit" must be an integer of 1..1000',
    )
  })

  test('an expired session is refused (injected clock)', async () => {
    const { token } = await wechatLogin('o-audit-dave')
    c.clock.now += 601_000
    try {
      expect((await json(await get('/v1/session', token))).body.error.message).toBe(
        'session token rejected: expired ("exp" is in the past)',
      )
    } finally {
      c.clock.now -= 601_000
    }
  })
})

describe('admin API', () => {
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` }
  const path = (identity: string, dapp: string) =>
    `/v1/admin/policies/${encodeURIComponent(identity)}/${encodeURIComponent(dapp)}`

  test('puts, reads and deletes a policy; changes are audited for that identity', async () => {
    const alice = await wechatLogin('o-admin-alice')
    const policy = { methods: ['personal_sign'], rateLimit: { max: 5, windowSec: 60 } }
    const put = await fetch(`${c.url}${path(alice.identity, 'demo')}`, {
      method: 'PUT',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify(policy),
    })
    expect(await json(put)).toEqual({
      status: 200,
      body: { identity: alice.identity, dappId: 'demo', policy },
    })
    expect(
      (await json(await fetch(`${c.url}${path(alice.identity, 'demo')}`, { headers: admin }))).body
        .policy,
    ).toEqual(policy)
    const audit = await json(await get('/v1/audit', alice.token))
    expect(audit.body.records[0]).toMatchObject({
      kind: 'policy-change',
      data: { action: 'put', policy },
    })
    expect(
      (await fetch(`${c.url}${path(alice.identity, 'demo')}`, { method: 'DELETE', headers: admin }))
        .status,
    ).toBe(200)
    expect(
      (await fetch(`${c.url}${path(alice.identity, 'demo')}`, { headers: admin })).status,
    ).toBe(404)
  })

  test('per-dapp documents by origin: stored canonical; a hostile or malformed origin is refused and nothing stored', async () => {
    const alice = await wechatLogin('o-admin-origin')
    const policy = { methods: ['personal_sign'] }
    const put = (dapp: string) =>
      fetch(`${c.url}${path(alice.identity, dapp)}`, {
        method: 'PUT',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify(policy),
      })
    expect(await json(await put('https://Shop.Example:443'))).toEqual({
      status: 200,
      body: {
        identity: alice.identity,
        dappId: 'https://shop.example',
        origin: 'https://shop.example',
        policy,
      },
    })
    expect(
      (
        await json(
          await fetch(`${c.url}${path(alice.identity, 'https://shop.example')}`, {
            headers: admin,
          }),
        )
      ).body.policy,
    ).toEqual(policy)
    const expected =
      '"dapp" expected a dapp origin "http(s)://host[:port]" (lowercase ASCII, punycode for international names, no default port, path, query or credentials)'
    for (const [dapp, why] of [
      [
        'https://shop\u200b.example',
        ', got a control, invisible or bidirectional character (U+200B) at index 12',
      ],
      [
        'https://shop.example\u202e',
        ', got a control, invisible or bidirectional character (U+202E) at index 20',
      ],
      [
        'https://shop.example/checkout',
        ', got "https://shop.example/checkout" (path, query or fragment)',
      ],
      ['javascript:alert(1)', ', got "javascript:alert(1)" (scheme)'],
      [`https://${'a'.repeat(1200)}.example`, ' of at most 267 bytes, got 1216'],
    ] as const) {
      expect(await json(await put(dapp)), dapp).toEqual({
        status: 400,
        body: { error: { code: 'BadRequest', message: `${expected}${why}` } },
      })
    }
    // Only the one canonical document was stored.
    expect(
      (
        await fetch(`${c.url}${path(alice.identity, 'https://shop.example/checkout')}`, {
          headers: admin,
        })
      ).status,
    ).toBe(400)
    const changes = (await json(await get('/v1/audit', alice.token))).body.records
    expect(changes.filter((r: { kind: string }) => r.kind === 'policy-change')).toEqual([])
    expect(
      (
        await fetch(`${c.url}${path(alice.identity, 'https://shop.example')}`, {
          method: 'DELETE',
          headers: admin,
        })
      ).status,
    ).toBe(200)
  })

  test('a wrong token, an invalid policy and a bad identity are refused', async () => {
    expect(
      await json(
        await fetch(`${c.url}${path('*', '*')}`, { headers: { authorization: 'Bearer nope' } }),
      ),
    ).toEqual({
      status: 401,
      body: { error: { code: 'Unauthorized', message: 'admin token missing or wrong' } },
    })
    const bad = await fetch(`${c.url}${path('*', '*')}`, {
      method: 'PUT',
      headers: { ...admin, 'content-type': 'application/json' },
      body: '{"methods":["eth_sign"]}',
    })
    expect((await json(bad)).body.error.message).toContain(
      'policy field "methods[0]" must be one of',
    )
    expect(
      (await json(await fetch(`${c.url}${path('root', '*')}`, { headers: admin }))).body.error
        .message,
    ).toBe('identity must be "*" or an identity string such as wechat:<appid>:<id>')
  })

  test('admin token guessing is throttled: after 10 failures a minute even the right token waits', async () => {
    // Start a fresh minute so failures of earlier tests do not count.
    c.clock.now = (Math.floor(c.clock.now / 60_000) + 1) * 60_000
    const wrong = { headers: { authorization: 'Bearer guess' } }
    for (let i = 0; i < 10; i++) {
      expect((await fetch(`${c.url}${path('*', '*')}`, wrong)).status).toBe(401)
    }
    const locked = await json(await fetch(`${c.url}${path('*', '*')}`, { headers: admin }))
    expect(locked).toEqual({
      status: 429,
      body: {
        error: {
          code: 'RateLimited',
          message: 'more than 10 failed admin authentications from this address in a minute',
          retryable: true,
        },
      },
    })
    // The next minute the right token works again.
    c.clock.now += 60_000
    expect((await fetch(`${c.url}${path('*', '*')}`, { headers: admin })).status).not.toBe(429)
  })
})

test('logs are JSON lines without tokens, codes or secrets', () => {
  expect(c.logs.length).toBeGreaterThan(0)
  const all = c.logs.join('\n')
  for (const line of c.logs) expect(() => JSON.parse(line)).not.toThrow()
  expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./)
  expect(all).not.toContain(c.wechat.secret)
  expect(all).not.toContain(ADMIN_TOKEN)
  expect(all).not.toContain(TELEGRAM_BOT_TOKEN)
})
