/**
 * The app's pure logic: pairing links in every form a person brings them, the OIDC redirect's
 * state check, Telegram launch parameters, error sentences, chains per platform, and that both
 * languages have every message.
 */
import { buildPairingUri, toUniversalLink } from '@tessera/protocol'
import { describe, expect, test } from 'vitest'
import { DEFAULT_CHAINS, readConfig } from '../config.ts'
import { LOCALES, pickLocale, translate } from '../i18n.ts'
import { explain } from './explain.ts'
import { pairingUriFrom, pairingUriFromLocation, pairingUriFromStartParam } from './links.ts'
import { finishOidcLogin, startOidcLogin, telegramLaunch } from './login.ts'

const uri = buildPairingUri({
  topic: 'ab'.repeat(32),
  relay: 'ws://127.0.0.1:8787',
  key: new Uint8Array(32).fill(7),
  exp: Math.floor(Date.now() / 1000) + 300,
  name: 'Demo dapp',
  origin: 'http://127.0.0.1:5173',
})

function memoryStorage() {
  const values = new Map<string, string>()
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    removeItem: (key: string) => void values.delete(key),
  }
}

describe('pairing links', () => {
  test('the URI, the universal link and the page location all give the URI', () => {
    expect(pairingUriFrom(`  ${uri}\n`)).toBe(uri)
    expect(pairingUriFrom(toUniversalLink(uri, 'http://127.0.0.1:5174'))).toBe(uri)
    expect(pairingUriFromLocation({ pathname: '/pair', hash: `#${uri}` })).toBe(uri)
  })
  test('anything else is not a pairing link', () => {
    expect(pairingUriFrom('https://example.com/')).toBeUndefined()
    expect(pairingUriFrom('wc:abc@2')).toBeUndefined()
    expect(pairingUriFromLocation({ pathname: '/', hash: `#${uri}` })).toBeUndefined()
  })
  test('Telegram startapp carries the URI as base64url', () => {
    const param = Buffer.from(uri).toString('base64url')
    expect(pairingUriFromStartParam(param)).toBe(uri)
    expect(pairingUriFromStartParam(Buffer.from('hello').toString('base64url'))).toBeUndefined()
    expect(pairingUriFromStartParam('not base64!')).toBeUndefined()
  })
})

describe('development OIDC login', () => {
  test('the redirect comes back with the state this tab started', () => {
    const storage = memoryStorage()
    const url = new URL(
      startOidcLogin(storage, 'http://127.0.0.1:8790/', 'http://127.0.0.1:5174', `/pair#${uri}`),
    )
    expect(url.origin + url.pathname).toBe('http://127.0.0.1:8790/authorize')
    expect(url.searchParams.get('client_id')).toBe('tessera-signer')
    expect(url.searchParams.get('redirect_uri')).toBe('http://127.0.0.1:5174/')
    const state = url.searchParams.get('state') ?? ''
    const back = finishOidcLogin(storage, `#id_token=a.b.c&state=${state}`)
    expect(back).toEqual({
      kind: 'ok',
      proof: { kind: 'oidc', idToken: 'a.b.c' },
      resume: `/pair#${uri}`,
    })
    // Consumed: the same fragment again is refused.
    expect(finishOidcLogin(storage, `#id_token=a.b.c&state=${state}`).kind).toBe('badState')
  })
  test('a token with another state, or none started, is refused', () => {
    const storage = memoryStorage()
    startOidcLogin(storage, 'http://login', 'http://app')
    expect(finishOidcLogin(storage, '#id_token=a.b.c&state=other').kind).toBe('badState')
    expect(finishOidcLogin(memoryStorage(), '#id_token=a.b.c').kind).toBe('badState')
    expect(finishOidcLogin(storage, '#tessera:x').kind).toBe('none')
  })
})

test('Telegram launch parameters: initData, start parameter, language', () => {
  const initData = new URLSearchParams({
    user: JSON.stringify({ id: 1, language_code: 'zh-hans' }),
    start_param: 'abc',
    hash: '00',
  }).toString()
  const launch = telegramLaunch(`#tgWebAppData=${encodeURIComponent(initData)}&tgWebAppVersion=8.0`)
  expect(launch).toEqual({ initData, startParam: 'abc', language: 'zh-hans' })
  expect(telegramLaunch('#tgWebAppVersion=8.0')).toBeUndefined()
})

test('errors become sentences with a way forward', () => {
  expect(explain({ name: 'PairingUriError', code: 'Expired' }).key).toBe('pair.expired')
  expect(explain({ name: 'PairingError', code: 'Refused' }).key).toBe('pair.refused')
  expect(
    explain({ name: 'CosignerLinkError', code: 'PolicyDenied', shortMessage: 'daily limit' }),
  ).toEqual({
    key: 'error.policy',
    detail: 'daily limit',
  })
  expect(
    explain({
      name: 'DappsError',
      code: 'PolicyDenied',
      rule: 'recipients.deny',
      shortMessage: 'The co-signer\'s policy rule "recipients.deny" refused this request.',
    }),
  ).toEqual({ key: 'error.policy', detail: 'rule "recipients.deny"' })
  expect(explain({ name: 'CosignerLinkError', code: 'ConnectionLost' }).key).toBe('error.network')
  expect(explain({ name: 'VaultLockedError' }).key).toBe('error.locked')
  expect(explain({ name: 'CosignerKeyError', code: 'CosignerKeyChanged' }).key).toBe(
    'error.cosignerKey',
  )
  expect(explain(new Error('boom'))).toEqual({ key: 'error.unknown', detail: 'boom' })
})

test('chains per platform are configuration', () => {
  const config = readConfig({ VITE_TESSERA_CHAINS_TELEGRAM: 'ton:-239, bad chain' }, 'http://app')
  expect(config.chains.telegram).toEqual(['ton:-239'])
  expect(config.chains.browser).toEqual(DEFAULT_CHAINS)
  // Without configuration Telegram gets the engine's list (TON only), the others every chain.
  const plain = readConfig({}, 'http://app')
  expect(plain.chains.telegram).toEqual(['ton:-239', 'ton:-3'])
  expect(plain.chains.wechat).toEqual(DEFAULT_CHAINS)
  expect(config.cosignerUrl).toBe('http://app/cosigner')
})

test('both languages have every message, and the platform language picks one', () => {
  for (const locale of LOCALES) {
    expect(translate(locale, 'pair.done', { name: 'X' })).toContain('X')
  }
  expect(pickLocale(['zh-Hans-CN'])).toBe('zh-CN')
  expect(pickLocale([undefined, 'fr', 'en-GB'])).toBe('en')
  expect(pickLocale(['de'])).toBe('en')
})
