/**
 * Several co-signer processes on one PostgreSQL database (docs/ARCHITECTURE.md#storage-and-scale):
 * started at once they agree on the Noise static key and each other's JWT keys, a WeChat code
 * used on one is a replay on the other, and their audit appends form one valid chain.
 */
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { runCli } from '../cli.ts'
import { createTestSchema, dropTestSchema, POSTGRES_URL } from '../test/engines.ts'
import { startTestCosigner, type TestCosigner } from '../test/startTestCosigner.ts'
import { startWeChatDouble, type WeChatDouble } from '../test/wechatDouble.ts'

let schema: string
let wechat: WeChatDouble
let a: TestCosigner
let b: TestCosigner
beforeAll(async () => {
  ;[schema, wechat] = await Promise.all([createTestSchema(), startWeChatDouble()])
  // Same database, master key, public URL and WeChat app; started at the same moment, so the
  // migrations and the creation of the JWT and Noise keys race.
  const shared = {
    sharedSchema: schema,
    masterKey: randomBytes(32).toString('hex'),
    publicUrl: 'https://cosigner.test',
    wechatAppId: wechat.appId,
    wechatSecret: wechat.secret,
    wechatBaseUrl: wechat.url,
  }
  ;[a, b] = await Promise.all([startTestCosigner(shared), startTestCosigner(shared)])
}, 60_000)
afterAll(async () => {
  await Promise.all([a.cleanup(), b.cleanup(), wechat.close()])
  await dropTestSchema(schema)
})

const login = (on: TestCosigner, code: string) =>
  fetch(`${on.url}/v1/login/wechat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, dappId: 'demo' }),
  })

test('two processes publish the same Noise key and accept each other’s session tokens', async () => {
  expect(b.noiseStaticKey).toBe(a.noiseStaticKey)
  const res = await login(a, wechat.issueCode({ openid: 'o-multi' }))
  const { token, identity } = (await res.json()) as { token: string; identity: string }
  // Same public URL is not required for the key set; the token's aud/iss name process A.
  const jwksA = await (await fetch(`${a.url}/.well-known/jwks.json`)).json()
  const jwksB = await (await fetch(`${b.url}/.well-known/jwks.json`)).json()
  expect(jwksB).toEqual(jwksA)
  const session = await fetch(`${a.url}/v1/session`, {
    headers: { authorization: `Bearer ${token}` },
  })
  expect(((await session.json()) as { identity: string }).identity).toBe(identity)
})

test('a WeChat code used on one process is a replay on the other', async () => {
  const code = wechat.issueCode({ openid: 'o-multi-2' })
  expect((await login(a, code)).status).toBe(200)
  const again = await login(b, code)
  expect(await again.json()).toEqual({
    error: { code: 'CodeReplayed', message: 'wechat login token was already used' },
  })
})

test('audit appends from both processes form one valid chain', async () => {
  await Promise.all(
    Array.from({ length: 6 }, (_, i) =>
      login(i % 2 ? a : b, wechat.issueCode({ openid: `o-multi-${i}` })),
    ),
  )
  const out: string[] = []
  const result = await runCli(
    ['verify-audit'],
    {
      COSIGNER_STORAGE: 'postgres',
      COSIGNER_DATABASE_URL: POSTGRES_URL,
      COSIGNER_DATABASE_SCHEMA: schema,
    },
    { out: (l) => out.push(l), err: (l) => out.push(l) },
  )
  expect(result.code).toBe(0)
  expect(JSON.parse(out.at(-1) as string)).toMatchObject({ ok: true, records: expect.any(Number) })
  expect((JSON.parse(out.at(-1) as string) as { records: number }).records).toBeGreaterThanOrEqual(
    8,
  )
})
