/**
 * Alipay `alipay.system.oauth.token` against the local gateway double
 * (docs/AUTH.md#alipay-mini-program): RSA2 request signing exactly as specified, response
 * signatures over the raw substring, user_id and open_id identities, error_response handling,
 * single-use codes.
 */
import { generateKeyPairSync } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type AlipayDouble, startAlipayDouble } from '../test/alipayDouble.ts'
import { type AlipayClient, alipayTimestamp, createAlipayClient } from './alipay.ts'
import { alipaySigningString, rawJsonMember, signAlipayParams, verifyRsa2 } from './alipaySign.ts'

describe('RSA2 signing string and raw response members', () => {
  test('all parameters but sign, empty values dropped, ASCII order, raw values', () => {
    expect(
      alipaySigningString({
        method: 'alipay.system.oauth.token',
        sign: 'ignored',
        app_id: '2021',
        empty: '',
        sign_type: 'RSA2',
        timestamp: '2026-11-22 08:00:00',
        Zed: 'upper sorts first',
        code: 'a&b=c',
      }),
    ).toBe(
      'Zed=upper sorts first&app_id=2021&code=a&b=c&method=alipay.system.oauth.token&sign_type=RSA2&timestamp=2026-11-22 08:00:00',
    )
  })

  test('signatures verify with the matching public key only', () => {
    const a = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const b = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const params = { app_id: '1', code: 'x' }
    const sign = signAlipayParams(params, a.privateKey)
    expect(verifyRsa2(alipaySigningString(params), sign, a.publicKey)).toBe(true)
    expect(verifyRsa2(alipaySigningString(params), sign, b.publicKey)).toBe(false)
    expect(verifyRsa2(alipaySigningString({ ...params, code: 'y' }), sign, a.publicKey)).toBe(false)
    expect(verifyRsa2('x', 'not base64!', a.publicKey)).toBe(false)
  })

  test('the raw member is cut exactly, braces and escapes inside strings included', () => {
    const inner = '{"a": "}{\\"", "b":{"c":[1,{"d":"\\/"}]}}'
    const body = `{"x_response" :  ${inner} , "sign":"s","nested":{"error_response":{}}}`
    expect(rawJsonMember(body, 'x_response')).toBe(inner)
    expect(rawJsonMember(body, 'error_response')).toBeUndefined()
    expect(rawJsonMember('{"sign":"x"}', 'x_response')).toBeUndefined()
  })

  test('timestamps are Beijing time', () => {
    expect(alipayTimestamp(Date.UTC(2026, 10, 21, 23, 30, 5))).toBe('2026-11-22 07:30:05')
  })
})

describe('Alipay login against the gateway double', () => {
  let double: AlipayDouble
  let client: AlipayClient
  const now = () => Date.UTC(2026, 10, 22, 0, 0, 0)

  beforeAll(async () => {
    double = await startAlipayDouble(now)
    client = createAlipayClient({
      baseUrl: double.url,
      appId: double.appId,
      appPrivateKey: double.appPrivateKey,
      alipayPublicKey: double.alipayPublicKey,
      now,
    })
  })
  afterAll(() => double.close())

  test('user_id and open_id answers give alipay:<appid>:<open_id or user_id>', async () => {
    expect(await client.exchange(double.issueCode({ userId: '2088102150477652' }))).toEqual({
      provider: 'alipay',
      identity: `alipay:${double.appId}:2088102150477652`,
      userId: '2088102150477652',
      openId: undefined,
    })
    const both = await client.exchange(
      double.issueCode({
        userId: '2088102150477653',
        openId: '074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5',
      }),
    )
    expect(both.identity).toBe(
      `alipay:${double.appId}:074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5`,
    )
  })

  test('a used or unknown code is isv.code-invalid', async () => {
    const code = double.issueCode({ userId: '2088000000000001' })
    await client.exchange(code)
    await expect(client.exchange(code)).rejects.toMatchObject({
      code: 'LoginFailed',
      platformCode: '40002/isv.code-invalid',
      message: 'Alipay error 40002/isv.code-invalid: auth code invalid, expired or used',
    })
    await expect(client.exchange('unknown')).rejects.toMatchObject({
      platformCode: '40002/isv.code-invalid',
    })
  })

  test('20000 is retryable; 40004 is a login failure', async () => {
    double.failNext('20000')
    await expect(client.exchange('c')).rejects.toMatchObject({
      code: 'LoginUnavailable',
      retryable: true,
      platformCode: '20000/isp.unknow-error',
    })
    double.failNext('40004')
    await expect(client.exchange('c')).rejects.toMatchObject({
      code: 'LoginFailed',
      platformCode: '40004/isv.business-failed',
    })
  })

  test('a request signed with the wrong app key is isv.invalid-signature', async () => {
    const wrong = createAlipayClient({
      baseUrl: double.url,
      appId: double.appId,
      appPrivateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
      alipayPublicKey: double.alipayPublicKey,
      now,
    })
    await expect(
      wrong.exchange(double.issueCode({ userId: '2088000000000002' })),
    ).rejects.toMatchObject({
      code: 'Misconfigured',
      platformCode: '40002/isv.invalid-signature',
    })
    const late = createAlipayClient({
      baseUrl: double.url,
      appId: double.appId,
      appPrivateKey: double.appPrivateKey,
      alipayPublicKey: double.alipayPublicKey,
      now: () => now() + 3600_000,
    })
    await expect(
      late.exchange(double.issueCode({ userId: '2088000000000003' })),
    ).rejects.toMatchObject({
      platformCode: '40002/isv.invalid-timestamp',
    })
  })

  test('an answer altered after signing, or signed by another key, is refused', async () => {
    double.tamperNext()
    await expect(client.exchange(double.issueCode({ userId: '2088000000000004' }))).rejects.toThrow(
      'Alipay answer signature does not verify with the Alipay public key',
    )
    const otherKey = createAlipayClient({
      baseUrl: double.url,
      appId: double.appId,
      appPrivateKey: double.appPrivateKey,
      alipayPublicKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey,
      now,
    })
    await expect(
      otherKey.exchange(double.issueCode({ userId: '2088000000000005' })),
    ).rejects.toThrow('Alipay answer signature does not verify with the Alipay public key')
  })

  test('malformed answers are LoginUnavailable', async () => {
    const stub = (text: string) =>
      createAlipayClient({
        baseUrl: double.url,
        appId: double.appId,
        appPrivateKey: double.appPrivateKey,
        alipayPublicKey: double.alipayPublicKey,
        now,
        fetch: async () => new Response(text, { status: 200 }),
      })
    await expect(stub('<html>').exchange('c')).rejects.toThrow(
      'Alipay answered with a body that is not JSON',
    )
    await expect(stub('{"sign":"x"}').exchange('c')).rejects.toThrow(
      'Alipay answer has neither alipay_system_oauth_token_response nor error_response',
    )
    await expect(client.exchange('bad code!')).rejects.toThrow(
      'Alipay auth code has an unexpected format',
    )
  })
})
