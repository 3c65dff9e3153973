/**
 * Telegram initData (docs/AUTH.md): every vector of the shared file, then negative tests — tampered
 * fields, duplicate keys, stale and future `auth_date`, the signature field bound by the HMAC.
 */
import { afterAll, describe, expect, test } from 'vitest'
import { signInitData } from '../test/telegramInitData.ts'
import { readVectorFile, telegramVectorsPath } from '../test/vectors.ts'
import { verifyTelegramInitData } from './telegramInitData.ts'

interface Vector {
  name: string
  botId?: number
  botToken?: string
  initData: string
  expect: {
    hmac?: boolean
    ed25519Production?: boolean
    ed25519Test?: boolean
    userId?: number
    authDate?: number
  }
}

const path = telegramVectorsPath()
const file = readVectorFile<{ vectors: Vector[] }>(path, 'Telegram initData')
let passed = 0
let checks = 0

describe(`Telegram initData vectors (${path})`, () => {
  afterAll(() => {
    console.log(`telegram initdata vectors: ${passed}/${checks} checks passed`)
  })

  test('the file has vectors', () => {
    expect(file.vectors.length).toBeGreaterThan(0)
  })

  for (const vector of file.vectors) {
    const at = ((vector.expect.authDate ?? 0) + 30) * 1000
    const cases: [string, boolean, () => ReturnType<typeof verifyTelegramInitData>][] = []
    if (vector.expect.hmac !== undefined && vector.botToken !== undefined) {
      const botToken = vector.botToken
      cases.push([
        'hmac',
        vector.expect.hmac,
        () =>
          verifyTelegramInitData(vector.initData, {
            check: { mode: 'hmac', botToken },
            now: () => at,
          }),
      ])
    }
    for (const environment of ['production', 'test'] as const) {
      const expected =
        environment === 'production' ? vector.expect.ed25519Production : vector.expect.ed25519Test
      if (expected !== undefined && vector.botId !== undefined) {
        const botId = String(vector.botId)
        cases.push([
          `ed25519 ${environment}`,
          expected,
          () =>
            verifyTelegramInitData(vector.initData, {
              check: { mode: 'ed25519', botId, environment },
              now: () => at,
            }),
        ])
      }
    }
    test.each(cases)(`${vector.name}: %s check is %s`, (_mode, valid, run) => {
      checks++
      if (valid) {
        const login = run()
        expect(login.userId).toBe(String(vector.expect.userId))
        expect(login.authDate).toBe(vector.expect.authDate)
        expect(login.identity).toMatch(new RegExp(`^telegram:\\d+:${vector.expect.userId}$`))
      } else {
        expect(run).toThrow(/^Telegram initData rejected: /)
      }
      passed++
    })
  }
})

const withEd = file.vectors.find(
  (v) => v.expect.ed25519Production === true && v.botId !== undefined,
)

describe('Telegram initData negative cases', () => {
  const botToken = '123456:TEST-token'
  const T = 1_733_500_000
  const now = () => (T + 10) * 1000
  const user = '{"id":42,"first_name":"A \\/ B"}'
  const fields: [string, string][] = [
    ['auth_date', String(T)],
    ['query_id', 'AAH'],
    ['user', user],
  ]
  const hmac = (data: string, at = now) =>
    verifyTelegramInitData(data, { check: { mode: 'hmac', botToken }, now: at })

  test('a well-formed initData yields telegram:<bot_id>:<user id>', () => {
    expect(hmac(signInitData(fields, botToken))).toEqual({
      provider: 'telegram',
      identity: 'telegram:123456:42',
      botId: '123456',
      userId: '42',
      authDate: T,
    })
  })

  test('a changed field, a wrong bot token or a flipped hash fail', () => {
    const data = signInitData(fields, botToken)
    expect(() => hmac(data.replace('query_id=AAH', 'query_id=AAX'))).toThrow(
      'Telegram initData rejected: bot-token HMAC does not match "hash"',
    )
    expect(() =>
      verifyTelegramInitData(data, { check: { mode: 'hmac', botToken: '123456:other' }, now }),
    ).toThrow('Telegram initData rejected: bot-token HMAC does not match "hash"')
    const last = data.at(-1) === '0' ? '1' : '0'
    expect(() => hmac(`${data.slice(0, -1)}${last}`)).toThrow(
      'bot-token HMAC does not match "hash"',
    )
  })

  test('the user JSON is checked as sent, never re-serialised', () => {
    // "\/" and "/" are the same JSON but not the same bytes: only the signed one passes.
    const data = signInitData(fields, botToken)
    expect(() => hmac(data.replace(encodeURIComponent('\\/'), encodeURIComponent('/')))).toThrow(
      'bot-token HMAC does not match "hash"',
    )
  })

  test('duplicate keys are refused even when one copy is valid', () => {
    const data = signInitData(fields, botToken)
    expect(() => hmac(`${data}&user=${encodeURIComponent('{"id":1}')}`)).toThrow(
      'Telegram initData rejected: duplicate key "user"',
    )
  })

  test('auth_date older than an hour or in the future is refused (pinned clock)', () => {
    const data = signInitData(fields, botToken)
    expect(hmac(data, () => (T + 3600) * 1000).userId).toBe('42')
    expect(() => hmac(data, () => (T + 3601) * 1000)).toThrow(
      'Telegram initData rejected: "auth_date" is older than 3600 s',
    )
    expect(() => hmac(data, () => (T - 61) * 1000)).toThrow(
      'Telegram initData rejected: "auth_date" is in the future',
    )
  })

  test('missing or malformed fields are named', () => {
    expect(() => hmac('')).toThrow(
      'Telegram initData rejected: empty or longer than 8192 characters',
    )
    expect(() => hmac('user')).toThrow('Telegram initData rejected: a field is not key=value')
    expect(() => hmac('a=%E0%A4%A')).toThrow(
      'Telegram initData rejected: a field is not valid percent-encoding',
    )
    expect(() => hmac('auth_date=1')).toThrow(
      'Telegram initData rejected: "hash" missing or not 64 hex digits',
    )
    expect(() => hmac(signInitData([['auth_date', String(T)]], botToken))).toThrow(
      'Telegram initData rejected: "user" missing',
    )
    expect(() =>
      hmac(
        signInitData(
          [
            ['auth_date', String(T)],
            ['user', '{"id":"42"}'],
          ],
          botToken,
        ),
      ),
    ).toThrow('Telegram initData rejected: "user.id" is not a positive integer')
    expect(() => hmac(signInitData([['user', user]], botToken))).toThrow(
      'Telegram initData rejected: "auth_date" missing or not a Unix time',
    )
  })

  test('third-party check: the signature is bound to the bot id and the fields', () => {
    if (withEd === undefined) throw new Error(`${path} has no vector valid under the Ed25519 check`)
    const vector = withEd
    const at = () => ((vector.expect.authDate ?? 0) + 30) * 1000
    const check = {
      mode: 'ed25519' as const,
      botId: String(vector.botId),
      environment: 'production' as const,
    }
    expect(verifyTelegramInitData(vector.initData, { check, now: at }).userId).toBe(
      String(vector.expect.userId),
    )
    expect(() =>
      verifyTelegramInitData(vector.initData, { check: { ...check, botId: '1' }, now: at }),
    ).toThrow('Telegram initData rejected: Ed25519 signature does not verify for this bot')
    expect(() =>
      verifyTelegramInitData(vector.initData, {
        check: { ...check, environment: 'test' },
        now: at,
      }),
    ).toThrow('Telegram initData rejected: Ed25519 signature does not verify for this bot')
    expect(() =>
      verifyTelegramInitData(vector.initData.replace('chat_type=private', 'chat_type=group'), {
        check,
        now: at,
      }),
    ).toThrow('Telegram initData rejected: Ed25519 signature does not verify for this bot')
    // The HMAC covers the signature field: altering it breaks the bot-token check too.
    const botToken = vector.botToken as string
    const sig = /signature=([^&]+)/.exec(vector.initData)?.[1] as string
    const altered = vector.initData.replace(
      sig,
      `${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`,
    )
    expect(() =>
      verifyTelegramInitData(altered, { check: { mode: 'hmac', botToken }, now: at }),
    ).toThrow('Telegram initData rejected: bot-token HMAC does not match "hash"')
  })
})
