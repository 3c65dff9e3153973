/**
 * The deep links of the connect modal: each platform's exact form (docs/SESSION.md universal link,
 * Telegram `startapp` base64url, WeChat plain URL scheme, Alipay `alipays://`), the URI
 * recovered from each exactly, links left out past their platform's limit, and every
 * configured value checked with a precise error.
 */
import { base64ToBytes, PairingUriError } from '@tessera/protocol'
import { describe, expect, test } from 'vitest'
import { signerLinks, TELEGRAM_STARTAPP_MAX_LENGTH } from './signerLinks.ts'
import { testPairingUri } from './test/pairingUri.ts'

const uri = testPairingUri()
const all = {
  signer: 'https://signer.example',
  telegram: { bot: 'TesseraBot', app: 'wallet' },
  wechat: { appId: 'wx0123456789abcdef', path: 'pages/pair/index' },
  alipay: { appId: '2021004123456789', page: 'pages/pair/index' },
} as const

describe('signerLinks', () => {
  test('no links configured, none shown', () => {
    expect(signerLinks(uri)).toEqual([])
    expect(signerLinks(uri, {})).toEqual([])
  })

  test('each link in its platform form, in order', () => {
    const links = signerLinks(uri, all)
    expect(links.map((l) => l.kind)).toEqual(['signer', 'telegram', 'wechat', 'alipay'])
    const [signer, telegram, wechat, alipay] = links.map((l) => l.href) as [
      string,
      string,
      string,
      string,
    ]
    expect(signer).toBe(`https://signer.example/pair#${uri}`)
    expect(telegram).toMatch(/^https:\/\/t\.me\/TesseraBot\/wallet\?startapp=[A-Za-z0-9_-]+$/)
    expect(wechat).toBe(
      `weixin://dl/business/?appid=wx0123456789abcdef&path=pages/pair/index&query=${encodeURIComponent(`uri=${encodeURIComponent(uri)}`)}&env_version=release`,
    )
    expect(alipay).toBe(
      `alipays://platformapi/startapp?appId=2021004123456789&page=pages%2Fpair%2Findex&query=${encodeURIComponent(`uri=${encodeURIComponent(uri)}`)}`,
    )
  })

  test('the pairing URI comes back exactly out of every link', () => {
    const byKind = Object.fromEntries(signerLinks(uri, all).map((l) => [l.kind, l.href]))
    expect(new URL(byKind.signer as string).hash.slice(1)).toBe(uri)
    const startapp = new URL(byKind.telegram as string).searchParams.get('startapp') as string
    expect(new TextDecoder().decode(base64ToBytes(startapp, 'url'))).toBe(uri)
    for (const kind of ['wechat', 'alipay']) {
      const query = new URLSearchParams(new URL(byKind[kind] as string).search).get('query')
      expect(new URLSearchParams(query as string).get('uri')).toBe(uri)
    }
  })

  test('WeChat envVersion is passed through', () => {
    const [link] = signerLinks(uri, { wechat: { ...all.wechat, envVersion: 'trial' } })
    expect(link?.href.endsWith('&env_version=trial')).toBe(true)
  })

  test('a URI too long for Telegram or WeChat gets no link there, the others stay', () => {
    // Four 60-character DNS labels make a relay URL long enough to overflow both limits.
    const host = Array.from({ length: 4 }, () => 'r'.repeat(60)).join('.')
    const longer = testPairingUri({ relay: `wss://${host}` })
    expect(Math.ceil((longer.length * 4) / 3)).toBeGreaterThan(TELEGRAM_STARTAPP_MAX_LENGTH)
    expect(signerLinks(longer, all).map((l) => l.kind)).toEqual(['signer', 'alipay'])
  })

  test('malformed configuration is refused with the field named', () => {
    expect(() => signerLinks(uri, { telegram: { bot: 'bad bot', app: 'x' } })).toThrow(
      new TypeError('"links.telegram.bot" expected to match /^[A-Za-z0-9_]{1,64}$/'),
    )
    expect(() => signerLinks(uri, { wechat: { appId: 'wx123', path: 'p' } })).toThrow(
      new TypeError('"links.wechat.appId" expected to match /^wx[0-9a-f]{16}$/'),
    )
    expect(() =>
      signerLinks(uri, { alipay: { appId: '2021004123456789', page: '../x?y' } }),
    ).toThrow(
      new TypeError(
        '"links.alipay.page" expected to match /^[A-Za-z0-9_-]+(?:\\/[A-Za-z0-9_-]+)*$/',
      ),
    )
    expect(() =>
      signerLinks(uri, {
        wechat: { ...all.wechat, envVersion: 'beta' as 'release' },
      }),
    ).toThrow(new TypeError('"links.wechat.envVersion" expected one of release, trial, develop'))
    expect(() => signerLinks(uri, { signer: 42 as unknown as string })).toThrow(
      new TypeError('"links.signer" expected a string, got number'),
    )
  })

  test('the H5 signer must be https (http only on loopback)', () => {
    expect(() => signerLinks(uri, { signer: 'http://signer.example' })).toThrow(PairingUriError)
    expect(signerLinks(uri, { signer: 'http://127.0.0.1:5174' })[0]?.href).toBe(
      `http://127.0.0.1:5174/pair#${uri}`,
    )
  })
})
