/**
 * WeChat jscode2session against the local double (docs/AUTH.md#wechat-mini-program): success
 * shapes, every errcode the spec names, single-use codes with TTL, and single-flight.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CosignerError } from '../errors.ts'
import { ENGINES, type TestStore } from '../test/engines.ts'
import { startWeChatDouble, type WeChatDouble } from '../test/wechatDouble.ts'
import { createSingleUseExchange, type SingleUseExchange } from './singleUseExchange.ts'
import { createWeChatClient, type WeChatClient } from './wechat.ts'

const postgres = ENGINES.find((e) => e.name === 'postgres')
if (postgres === undefined) throw new Error('postgres engine missing')

describe('WeChat login against the double', () => {
  let double: WeChatDouble
  let client: WeChatClient
  let store: TestStore
  let exchange: SingleUseExchange
  let clock = 1_800_000_000_000
  const now = () => clock
  const login = (code: string) =>
    exchange({ provider: 'wechat', scope: client.appId, token: code, ttlMs: 300_000 }, () =>
      client.exchange(code),
    )

  beforeAll(async () => {
    double = await startWeChatDouble(now)
    store = await postgres.open()
    client = createWeChatClient({
      baseUrl: double.url,
      appId: double.appId,
      secret: double.secret,
      delay: async () => {},
    })
    exchange = createSingleUseExchange(store.db, now)
  })
  afterAll(async () => {
    await double.close()
    await store.cleanup()
  })

  test('openid only, text/plain body: identity is wechat:<appid>:<openid>', async () => {
    const result = await client.exchange(double.issueCode({ openid: 'o-alice' }))
    expect(result).toEqual({
      provider: 'wechat',
      identity: `wechat:${double.appId}:o-alice`,
      openid: 'o-alice',
      unionid: undefined,
    })
    expect(JSON.stringify(result)).not.toContain('session_key')
  })

  test('unionid and errcode 0: identity is the unionid', async () => {
    const result = await client.exchange(
      double.issueCode({ openid: 'o-bob', unionid: 'u-bob', withErrcodeZero: true }),
    )
    expect(result.identity).toBe(`wechat:${double.appId}:u-bob`)
  })

  test('an unknown code is 40029; a used code is 40163; an expired one is 40029', async () => {
    const invalid = client.exchange('nope')
    await expect(invalid).rejects.toThrow('WeChat login code is invalid or expired (errcode 40029)')
    await expect(invalid).rejects.toMatchObject({ code: 'LoginFailed', platformCode: '40029' })
    const code = double.issueCode({ openid: 'o-carol' })
    await client.exchange(code)
    await expect(client.exchange(code)).rejects.toMatchObject({
      code: 'CodeReplayed',
      platformCode: '40163',
      message: 'WeChat login code was already used (errcode 40163)',
    })
    const old = double.issueCode({ openid: 'o-carol' })
    clock += 5 * 60_000 + 1
    await expect(client.exchange(old)).rejects.toThrow('errcode 40029')
  })

  test('-1 is retried; persistent -1 is LoginUnavailable and retryable', async () => {
    const code = double.issueCode({ openid: 'o-dave' })
    const before = double.calls
    double.failNext(-1)
    expect((await client.exchange(code)).openid).toBe('o-dave')
    expect(double.calls - before).toBe(2)
    double.failNext(-1, -1, -1)
    const busy = client.exchange(double.issueCode({ openid: 'o-dave' }))
    await expect(busy).rejects.toMatchObject({
      code: 'LoginUnavailable',
      retryable: true,
      message: 'WeChat is busy (errcode -1); retry later',
    })
  })

  test('45011 rate limit, 40226 hard block, and misconfiguration errcodes', async () => {
    double.failNext(45011)
    await expect(client.exchange('c1')).rejects.toMatchObject({
      code: 'RateLimited',
      retryable: true,
    })
    double.failNext(40226)
    await expect(client.exchange('c2')).rejects.toMatchObject({
      code: 'LoginBlocked',
      message: 'WeChat blocked this high-risk user (errcode 40226)',
    })
    const wrongSecret = createWeChatClient({
      baseUrl: double.url,
      appId: double.appId,
      secret: 'x',
    })
    await expect(wrongSecret.exchange('c3')).rejects.toMatchObject({
      code: 'Misconfigured',
      platformCode: '40125',
    })
    const wrongApp = createWeChatClient({ baseUrl: double.url, appId: 'wxother', secret: 'x' })
    await expect(wrongApp.exchange('c4')).rejects.toMatchObject({ platformCode: '40013' })
  })

  test('the 100-per-user-per-minute limit of the double is reported as 45011', async () => {
    const codes = Array.from({ length: 101 }, () => double.issueCode({ openid: 'o-busy' }))
    for (const code of codes.slice(0, 100)) await client.exchange(code)
    await expect(client.exchange(codes[100] as string)).rejects.toMatchObject({
      platformCode: '45011',
    })
  })

  test('a body that is not JSON and an HTTP error are LoginUnavailable', async () => {
    const html = createWeChatClient({
      baseUrl: double.url,
      appId: double.appId,
      secret: double.secret,
      fetch: async () => new Response('<html>', { status: 200 }),
    })
    await expect(html.exchange('c')).rejects.toThrow(
      'WeChat answered with a body that is not a JSON object',
    )
    const down = createWeChatClient({
      baseUrl: double.url,
      appId: double.appId,
      secret: double.secret,
      fetch: async () => new Response('', { status: 502 }),
    })
    await expect(down.exchange('c')).rejects.toThrow('WeChat answered HTTP 502')
    await expect(client.exchange('bad code!')).rejects.toThrow(
      'WeChat code has an unexpected format',
    )
  })

  test('a code submitted twice at once makes one upstream call; a third time is a replay', async () => {
    const code = double.issueCode({ openid: 'o-erin' })
    const before = double.calls
    const held = double.hold()
    const both = Promise.all([login(code), login(code)])
    // Wait for the one upstream request to arrive, then let it through.
    while (double.calls === before) await new Promise((r) => setImmediate(r))
    held.release()
    const [a, b] = await both
    expect(a.identity).toBe(`wechat:${double.appId}:o-erin`)
    expect(b).toBe(a)
    expect(double.calls - before).toBe(1)
    const replay = login(code)
    await expect(replay).rejects.toThrow('wechat login token was already used')
    await expect(replay).rejects.toBeInstanceOf(CosignerError)
    expect(double.calls - before).toBe(1)
  })

  test('a busy answer gives the code back so the signer can retry it', async () => {
    const code = double.issueCode({ openid: 'o-frank' })
    double.failNext(-1, -1, -1)
    await expect(login(code)).rejects.toMatchObject({ code: 'LoginUnavailable' })
    expect((await login(code)).openid).toBe('o-frank')
  })
})
