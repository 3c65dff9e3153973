/**
 * The app's pure logic: pairing links in every form a person brings them, the OIDC redirect's
 * state check, Telegram launch parameters, error sentences, chains per platform, the backup
 * passphrase rule (the engine's), that both languages have every message, the TON address rows
 * and the vault passcode's parts.
 */
import { buildPairingUri, toUniversalLink } from '@tessera/protocol'
import {
  checkBackupPassphrase,
  formatTonAddress,
  MIN_BACKUP_PASSPHRASE,
  parseTonAddress,
  tonWalletAddress,
} from '@tessera/signer'
import { describe, expect, test } from 'vitest'
import { DEFAULT_CHAINS, readConfig } from '../config.ts'
import { LOCALES, pickLocale, translate } from '../i18n.ts'
import { addressRows, evmGrants, pairingGrants } from './addresses.ts'
import { backupPassphraseProblem } from './backupPassphrase.ts'
import { explain, policyRule } from './explain.ts'
import { pairingUriFrom, pairingUriFromLocation, pairingUriFromStartParam } from './links.ts'
import { finishOidcLogin, startOidcLogin, telegramLaunch } from './login.ts'
import { vaultPasscode } from './platform.ts'

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
  ).toEqual({
    key: 'error.policyRule',
    rule: { reason: 'policy.recipients.deny', name: 'recipients.deny' },
  })
  // The co-signer's own sentence, where no field names the rule.
  expect(
    explain({
      name: 'CosignerLinkError',
      code: 'PolicyDenied',
      message: 'policy rule "dailyLimits" denied the request: 5 wei on eip155:1 would pass…',
    }),
  ).toEqual({
    key: 'error.policyRule',
    rule: { reason: 'policy.dailyLimits', name: 'dailyLimits' },
  })
  expect(
    explain({
      name: 'CosignerLinkError',
      code: 'PolicyDenied',
      message:
        'policy rule "tokenLimits" denied the request: transfer of 401 of token 0xA0b8… on eip155:1 would pass…',
    }),
  ).toEqual({
    key: 'error.policyRule',
    rule: { reason: 'policy.tokenLimits', name: 'tokenLimits' },
  })
  // A rule this app does not know yet: the general sentence, its name still shown.
  expect(explain({ code: 'PolicyDenied', rule: 'newRule' })).toEqual({
    key: 'error.policyRule',
    rule: { reason: 'policy.other', name: 'newRule' },
  })
  expect(explain({ name: 'CosignerLinkError', code: 'ConnectionLost' }).key).toBe('error.network')
  expect(explain({ name: 'VaultLockedError' }).key).toBe('error.locked')
  expect(explain({ name: 'CosignerKeyError', code: 'CosignerKeyChanged' }).key).toBe(
    'error.cosignerKey',
  )
  expect(explain(new Error('boom'))).toEqual({ key: 'error.unknown', detail: 'boom' })
})

test('every rule the co-signer names has its own sentence in both languages', () => {
  // The rules packages/cosigner's evaluatePolicy.ts and authorizeSigning.ts deny with.
  const rules = [
    'methods',
    'chains',
    'recipients.deny',
    'recipients.allow',
    'contracts.deny',
    'contracts.allow',
    'allowContractCreation',
    'rateLimit',
    'dailyLimits',
    'tokenLimits',
    'exportWindow',
  ]
  const reasons = rules.map((name) => policyRule(name).reason)
  expect(reasons).not.toContain('policy.other')
  expect(new Set(reasons).size).toBe(rules.length)
  for (const locale of LOCALES) {
    const sentences = reasons.map((key) => translate(locale, key))
    expect(new Set(sentences).size).toBe(rules.length)
    for (const sentence of sentences) expect(sentence).not.toMatch(/[{}]|policy\./)
  }
  expect(translate('zh-CN', 'policy.recipients.deny')).toContain('禁止')
  expect(translate('en', 'error.policyRuleName', { rule: 'rateLimit' })).toBe(
    'Policy rule: rateLimit',
  )
})

test('backup passphrase: the engine decides, the app says which part to change', () => {
  const cases = [
    ['', 'short'],
    ['abcdefghi', 'short'], // 9 characters
    ['aaaaaaaaaaaaaaaaaaaa', 'repetitive'], // 20 characters, 1 different
    ['abababababab', 'repetitive'], // 12 characters, 2 different
    ['abcdabcdabcd', 'repetitive'], // 4 different
    ['abcdeabcde', undefined], // exactly 10, 5 different
    ['correct horse battery', undefined],
    ['密码密码备份钱包安全好', undefined], // 11 code points, 9 different
    [`${'x'.repeat(1020)}abcde`, 'long'], // 1,025 characters
  ] as const
  for (const [passphrase, problem] of cases) {
    expect(backupPassphraseProblem(passphrase), passphrase.slice(0, 24)).toBe(problem)
    // Never looser nor stricter than the engine that seals the backup.
    const accepted = (() => {
      try {
        return checkBackupPassphrase(passphrase) === passphrase
      } catch {
        return false
      }
    })()
    expect(accepted).toBe(problem === undefined)
  }
  // Counted in code points after NFKC, as the engine counts: 5 emoji are 10 UTF-16 units.
  expect(backupPassphraseProblem('😀😁😂🤣😃')).toBe('short')
  expect(backupPassphraseProblem('😀😁😂🤣😃😀😁😂🤣😃')).toBeUndefined()
  // Both languages name the rule's numbers.
  for (const locale of LOCALES) {
    const label = translate(locale, 'backup.passphrase', MIN_BACKUP_PASSPHRASE)
    expect(label).toContain('10')
    expect(label).toContain('5')
    expect(translate(locale, 'backup.passphrase.short', MIN_BACKUP_PASSPHRASE)).toContain('10')
    expect(translate(locale, 'backup.passphrase.repetitive', MIN_BACKUP_PASSPHRASE)).toContain('5')
    expect(translate(locale, 'backup.passphrase.long', MIN_BACKUP_PASSPHRASE)).toContain('1,024')
  }
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

test('a Tessera pairing offers account 0 on every configured chain a dapp session serves', () => {
  const { browser, telegram } = readConfig({}, 'http://app').chains
  // The development list: EVM, Conflux Core and Solana (mainnet and the demo's devnet).
  expect(pairingGrants(browser)).toEqual({ accounts: [0], chains: [...DEFAULT_CHAINS] })
  expect(pairingGrants(browser).chains).toEqual(
    expect.arrayContaining(['cfx:2029', 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1']),
  )
  // TON is not served by dapp sessions yet: a Telegram list of TON only grants nothing.
  expect(pairingGrants(telegram).chains).toEqual([])
  expect(pairingGrants(['eip155:31337', 'ton:-239', 'cfx:1029']).chains).toEqual([
    'eip155:31337',
    'cfx:1029',
  ])
  // WalletConnect pairings keep the EVM chains.
  expect(evmGrants(browser).chains).toEqual(['eip155:31337', 'eip155:1'])
})

test('both languages have every message, and the platform language picks one', () => {
  for (const locale of LOCALES) {
    expect(translate(locale, 'pair.done', { name: 'X' })).toContain('X')
  }
  expect(pickLocale(['zh-Hans-CN'])).toBe('zh-CN')
  expect(pickLocale([undefined, 'fr', 'en-GB'])).toBe('en')
  expect(pickLocale(['de'])).toBe('en')
})

test('TON rows: the wallet v4r2 address of the Ed25519 key, non-bounceable, test-only on testnet', () => {
  const publicKey = new Uint8Array(32).fill(9)
  const account = { index: 0, ed25519: { publicKey, address: 'solana-address' } } as never
  const rows = addressRows(account, ['ton:-239', 'ton:-3', 'eip155:1'])
  // The package's own test matches tonWalletAddress and formatTonAddress with @ton/ton's
  // WalletContractV4 (chains/ton/signTonTransfer.test.ts); here the app picks the right form.
  const wallet = tonWalletAddress(publicKey)
  expect(rows).toEqual([
    { chainId: 'ton:-239', label: 'TON', address: formatTonAddress(wallet, { bounceable: false }) },
    {
      chainId: 'ton:-3',
      label: 'TON testnet',
      address: formatTonAddress(wallet, { bounceable: false, testOnly: true }),
    },
  ])
  expect(rows[0]?.address).toMatch(/^UQ[A-Za-z0-9_-]{46}$/)
  expect(rows[1]?.address).toMatch(/^0Q[A-Za-z0-9_-]{46}$/)
  expect(parseTonAddress(rows[0]?.address as string)).toMatchObject({ bounceable: false })
  expect(parseTonAddress(rows[0]?.address as string).hash).toEqual(wallet.hash)
})

test('the vault passcode joins the platform secret and the typed passcode', () => {
  expect(vaultPasscode(undefined, undefined)).toBeUndefined()
  expect(vaultPasscode('S'.repeat(43), undefined)).toBe('S'.repeat(43))
  expect(vaultPasscode(undefined, 'open sesame')).toBe('open sesame')
  expect(vaultPasscode('S'.repeat(43), 'open sesame')).toBe(`${'S'.repeat(43)}~open sesame`)
})
