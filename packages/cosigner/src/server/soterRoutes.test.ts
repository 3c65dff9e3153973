/**
 * The SOTER endpoints over HTTP on the real PostgreSQL and the WeChat double: a WeChat session
 * (openid in the token even when the identity is the unionid) gets a challenge and has its
 * phone's result verified once; a non-WeChat session is refused; the audit log records it.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startTestCosigner, type TestCosigner } from '../test/startTestCosigner.ts'

let c: TestCosigner
beforeAll(async () => {
  c = await startTestCosigner()
}, 60_000)
afterAll(() => c.cleanup())

const post = async (path: string, body: unknown, token: string) => {
  const res = await fetch(`${c.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

async function wechatLogin(openid: string, unionid?: string) {
  const res = await fetch(`${c.url}/v1/login/wechat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      code: c.wechat.issueCode(unionid === undefined ? { openid } : { openid, unionid }),
      dappId: 'demo',
    }),
  })
  expect(res.status).toBe(200)
  return (await res.json()) as { token: string; identity: string }
}

const PURPOSE = `digest:${'ab'.repeat(32)}`

describe('SOTER endpoints', () => {
  test('challenge → phone → verify, once; the audit log records it', async () => {
    const { token, identity } = await wechatLogin('o-soter-http', 'u-soter-http')
    expect(identity).toBe(`wechat:${c.wechat.appId}:u-soter-http`)
    const challenge = await post('/v1/soter/challenge', { purpose: PURPOSE }, token)
    expect(challenge.status).toBe(200)
    expect(challenge.body).toMatchObject({ purpose: PURPOSE, challenge: expect.any(String) })
    // WeChat knows the phone's key by openid, not by unionid.
    const result = c.wechat
      .soterDevice('o-soter-http')
      .authenticate(challenge.body.challenge as string)
    const verified = await post('/v1/soter/verify', { purpose: PURPOSE, ...result }, token)
    expect(verified).toMatchObject({ status: 200, body: { verified: true, purpose: PURPOSE } })
    const again = await post('/v1/soter/verify', { purpose: PURPOSE, ...result }, token)
    expect(again).toEqual({
      status: 401,
      body: { error: { code: 'CodeReplayed', message: 'SOTER result was already used' } },
    })
    const audit = await fetch(`${c.url}/v1/audit`, {
      headers: { authorization: `Bearer ${token}` },
    })
    const { records } = (await audit.json()) as { records: { kind: string; data: unknown }[] }
    expect(records.filter((r) => r.kind === 'soter')).toEqual([
      expect.objectContaining({ data: { purpose: PURPOSE } }),
    ])
  })

  test("another WeChat user's result and a malformed purpose are refused", async () => {
    const alice = await wechatLogin('o-soter-alice')
    const bob = await wechatLogin('o-soter-bob')
    const forAlice = await post('/v1/soter/challenge', { purpose: PURPOSE }, alice.token)
    const result = c.wechat
      .soterDevice('o-soter-alice')
      .authenticate(forAlice.body.challenge as string)
    const stolen = await post('/v1/soter/verify', { purpose: PURPOSE, ...result }, bob.token)
    expect(stolen.status).toBe(403)
    expect((stolen.body.error as { code: string }).code).toBe('Forbidden')
    const bad = await post('/v1/soter/challenge', { purpose: 'digest:xyz' }, alice.token)
    expect(bad).toEqual({
      status: 400,
      body: { error: { code: 'BadRequest', message: '"purpose" is missing or malformed' } },
    })
  })

  test('a session from another login platform cannot ask for a challenge', async () => {
    const res = await fetch(`${c.url}/v1/login/alipay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        authCode: c.alipay.issueCode({ userId: '2088000000000001' }),
        dappId: 'demo',
      }),
    })
    const { token } = (await res.json()) as { token: string }
    expect(await post('/v1/soter/challenge', { purpose: PURPOSE }, token)).toEqual({
      status: 403,
      body: { error: { code: 'Forbidden', message: 'SOTER needs a session from a WeChat login' } },
    })
  })
})
