/**
 * The app on each platform, with the platform fakes of @tessera/signer (built from the hosts'
 * documented behaviour): which login providers it offers, where a login proof and a pairing link
 * come from, the vault's wrapping secret in Telegram's SecureStorage (DeviceStorage without it),
 * Telegram's theme, buttons, haptics and biometrics, and the flows' answers when the engine lacks
 * recovery, refresh and export.
 */
import { buildPairingUri } from '@tessera/protocol'
import { encodeStartParam, MIN_PASSCODE_KDF } from '@tessera/signer'
import { describe, expect, test } from 'vitest'
import {
  fakeTelegram,
  signInitData,
} from '../../../../packages/signer/src/platform/test/fakeTelegram.ts'
import {
  fakeAlipayWebView,
  fakeWebViewStorage,
  fakeWeChatWebView,
} from '../../../../packages/signer/src/platform/test/fakeWebViews.ts'
import { createActions, type Host, phraseWords } from '../actions.ts'
import { readConfig, withOverrides } from '../config.ts'
import { createStore, initialState } from '../store.ts'
import { telegramControls } from '../ui/telegramControls.ts'
import { explainApp } from './appErrors.ts'
import type { Backend } from './backend.ts'
import { pairingUriFrom, pairingUriFromLocation } from './links.ts'
import { startPlatform, VAULT_SECRET_KEY } from './platform.ts'
import { applyTheme, type TelegramUiHost, telegramUi } from './telegramUi.ts'
import { NotAvailableError, type WalletView } from './types.ts'

const uri = buildPairingUri({
  topic: 'cd'.repeat(32),
  relay: 'ws://127.0.0.1:8787',
  key: new Uint8Array(32).fill(9),
  exp: Math.floor(Date.now() / 1000) + 300,
  name: 'Demo dapp',
  origin: 'http://127.0.0.1:5173',
})
const BOT_TOKEN = '123456:TEST-token'
const initData = signInitData(
  {
    auth_date: String(Math.floor(Date.now() / 1000)),
    user: JSON.stringify({ id: 42, first_name: 'Ada', language_code: 'zh-hans' }),
    start_param: encodeStartParam(uri),
  },
  BOT_TOKEN,
)

function memoryStorage() {
  const values = new Map<string, string>()
  return {
    values,
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    removeItem: (key: string) => void values.delete(key),
  }
}

/** A stand-in backend: records logins and pairings; the wallet view is set by the test. */
function standIn(initial: WalletView = { status: 'signedOut' }) {
  let view: WalletView = initial
  const logins: unknown[] = []
  const paired: string[] = []
  const backend: Backend = {
    start: async () => undefined,
    wallet: () => view,
    login: async (proof) => {
      logins.push(proof)
      view = { status: 'needsOnboarding', identity: 'tg:42' }
    },
    onboard: async () => undefined,
    backup: () => undefined,
    logout: async () => undefined,
    pair: async (text) => {
      paired.push(text)
      return { id: 's1', name: 'Demo dapp', chains: [] }
    },
    sessions: () => [],
    rename: async () => undefined,
    end: async () => undefined,
    inbox: () => [],
    onChange: () => () => undefined,
  }
  return { backend, logins, paired, setView: (next: WalletView) => (view = next) }
}

function hostFor(platform: Host['platform'], href = 'https://signer.test/') {
  const url = new URL(href)
  return {
    location: { origin: url.origin, pathname: url.pathname, hash: url.hash, search: url.search },
    assign: () => undefined,
    replaceUrl: () => undefined,
    storage: memoryStorage(),
    tabStorage: memoryStorage(),
    ...(platform ? { platform } : {}),
  } satisfies Host
}

const config = readConfig({ VITE_TESSERA_DEV_LOGIN_URL: 'http://127.0.0.1:8790' }, 'https://x')

describe('Telegram Mini App', () => {
  test('Telegram login first, startapp opens the pair screen, the language is the user’s', async () => {
    const tg = fakeTelegram({ initData, startParam: encodeStartParam(uri) })
    const platform = startPlatform({ global: { Telegram: { WebApp: tg.webApp } }, oidc: true })
    expect(platform.name).toBe('telegram')
    expect(platform.providers).toEqual(['telegram', 'oidc'])
    expect(platform.startParam).toBe(encodeStartParam(uri))
    const store = createStore(initialState('en'))
    const { backend, logins } = standIn()
    const actions = createActions(store, backend, config, hostFor(platform))
    await actions.boot()
    expect(store.get().pendingPair).toBe(uri)
    await actions.loginWith('telegram')
    expect(logins).toEqual([{ kind: 'telegram', initData }])
    expect(store.get().wallet.status).toBe('needsOnboarding')
  })

  test('the vault’s wrapping secret lives in SecureStorage, made once', async () => {
    const tg = fakeTelegram({ initData })
    const platform = startPlatform({ global: { Telegram: { WebApp: tg.webApp } }, oidc: false })
    const secret = await platform.vaultSecret()
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(tg.secureItems.get(VAULT_SECRET_KEY)).toBe(secret)
    expect(await platform.vaultSecret()).toBe(secret)
    expect(await platform.secretStore()).toBe('SecureStorage')
    expect(tg.cloud.size).toBe(0)
  })

  test('clients without SecureStorage keep it in DeviceStorage', async () => {
    const tg = fakeTelegram({ initData, secureStorage: 'unsupported' })
    const platform = startPlatform({ global: { Telegram: { WebApp: tg.webApp } }, oidc: false })
    const secret = await platform.vaultSecret()
    expect(tg.deviceItems.get(VAULT_SECRET_KEY)).toBe(secret)
    expect(await platform.secretStore()).toBe('DeviceStorage')
  })

  test('approve and reject give haptics; links go through openLink, never wc:', async () => {
    const tg = fakeTelegram({ initData })
    const platform = startPlatform({ global: { Telegram: { WebApp: tg.webApp } }, oidc: false })
    const store = createStore(initialState('en'))
    const { backend } = standIn()
    let answered = ''
    const item = (id: string) => ({
      id,
      session: { name: 'Demo dapp' },
      method: 'personal_sign',
      chainId: 'eip155:1',
      account: { address: '0x' },
      description: {} as never,
      expiresAt: Date.now() + 60_000,
      approve: async () => {
        answered += `a${id}`
      },
      reject: async () => {
        answered += `r${id}`
      },
    })
    backend.inbox = () => [item('1'), item('2')]
    const actions = createActions(store, backend, config, hostFor(platform))
    await actions.boot()
    await actions.answer('1', true)
    await actions.answer('2', false)
    expect(answered).toBe('a1r2')
    expect(tg.haptics).toEqual(['success', 'warning'])
    await actions.openLink('https://t.me/tessera_bot')
    await actions.openLink('https://example.com/')
    expect(tg.opened).toEqual({
      telegram: ['https://t.me/tessera_bot'],
      external: ['https://example.com/'],
    })
    await actions.openLink(`wc:${'ab'.repeat(32)}@2?relay-protocol=irn&symKey=00`)
    expect(store.get().error?.key).toBe('error.platformUnsupported')
    expect(tg.haptics.at(-1)).toBe('error')
  })

  test('the sealed backup file goes to CloudStorage in chunks; a plain share never does', async () => {
    const tg = fakeTelegram({ initData })
    const platform = startPlatform({ global: { Telegram: { WebApp: tg.webApp } }, oidc: false })
    const store = createStore(initialState('en'))
    const actions = createActions(store, standIn().backend, config, hostFor(platform))
    expect(actions.cloudBackup).toBe(true)
    expect(await actions.saveCloudBackup(new Uint8Array(32).fill(7))).toBe(false)
    expect(tg.cloud.size).toBe(0)
    expect(store.get().error).toBeDefined()
    // The shape of a sealed file (argon2id at the minimum costs the engine accepts).
    const kdf = { alg: 'argon2id', ...MIN_PASSCODE_KDF }
    const blob = (curve: string) => ({ curve, kdf, ciphertext: { b64: 'A'.repeat(6000) } })
    const file = new TextEncoder().encode(
      JSON.stringify({ v: 1, secp256k1: blob('secp256k1'), ed25519: blob('ed25519') }),
    )
    expect(await actions.saveCloudBackup(file)).toBe(true)
    expect(store.get().notice?.key).toBe('backup.cloudSaved')
    expect(tg.cloud.size).toBeGreaterThan(2)
    for (const value of tg.cloud.values()) expect(value.length).toBeLessThanOrEqual(4096)
    // Outside Telegram there is no cloud backup.
    const browser = createActions(store, standIn().backend, config, hostFor(undefined))
    expect(browser.cloudBackup).toBe(false)
  })

  test('recovery loads the sealed file back from CloudStorage, then recovers with its passphrase', async () => {
    const tg = fakeTelegram({ initData })
    const platform = startPlatform({ global: { Telegram: { WebApp: tg.webApp } }, oidc: false })
    const store = createStore(initialState('en'))
    const recovered: unknown[] = []
    const { backend } = standIn({ status: 'needsOnboarding', identity: 'tg:42' })
    const full: Backend = {
      ...backend,
      recover: async (input) => {
        recovered.push(input)
        if ('passphrase' in input && input.passphrase !== 'the right passphrase')
          throw Object.assign(new Error('the backup does not open'), {
            name: 'WalletError',
            code: 'WrongBackup',
          })
      },
    }
    const actions = createActions(store, full, config, hostFor(platform))
    await actions.boot()
    // Nothing saved yet: a sentence that says what to do instead.
    expect(await actions.loadCloudBackup()).toBeUndefined()
    expect(store.get().error?.key).toBe('recover.cloudMissing')
    const kdf = { alg: 'argon2id', ...MIN_PASSCODE_KDF }
    const blob = (curve: string) => ({ curve, kdf, ciphertext: { b64: 'B'.repeat(9000) } })
    const file = new TextEncoder().encode(
      JSON.stringify({ v: 1, secp256k1: blob('secp256k1'), ed25519: blob('ed25519') }),
    )
    expect(await actions.saveCloudBackup(file)).toBe(true)
    expect(tg.cloud.size).toBeGreaterThan(3)
    const loaded = await actions.loadCloudBackup()
    expect(loaded).toEqual(file)
    expect(store.get()).toMatchObject({ error: undefined, notice: { key: 'recover.cloudLoaded' } })
    expect(await actions.recoverFromFile(loaded as Uint8Array, 'not the passphrase')).toBe(false)
    expect(store.get().error?.key).toBe('error.wrongBackup')
    expect(await actions.recoverFromFile(loaded as Uint8Array, 'the right passphrase')).toBe(true)
    expect(recovered.at(-1)).toMatchObject({ file, passphrase: 'the right passphrase' })
    expect(store.get().notice?.key).toBe('recover.done')
    // A chunk lost in the cloud: the checksum refuses it, with a way forward (try again).
    const chunk = [...tg.cloud.keys()].find((key) => key.endsWith('_1')) as string
    tg.cloud.set(chunk, `${tg.cloud.get(chunk)?.slice(0, -4)}AAAA`)
    expect(await actions.loadCloudBackup()).toBeUndefined()
    expect(store.get().error).toMatchObject({ key: 'error.hostFailed' })
    expect(store.get().error?.retry).toBeTypeOf('function')
  })

  test('a passcode set on this device is asked before the vault opens; a wrong one is said so', async () => {
    const store = createStore(initialState('en'))
    const { backend } = standIn({
      status: 'ready',
      identity: 'tg:42',
      addresses: [],
      backupDue: false,
    })
    const starts: (string | undefined)[] = []
    const gated: Backend = {
      ...backend,
      start: async (passcode) => {
        starts.push(passcode)
        if (passcode === undefined)
          throw Object.assign(new Error('vault "v" is protected by a passcode; none was given'), {
            name: 'PasscodeRequiredError',
          })
        if (passcode !== 'open sesame')
          throw Object.assign(new Error('the passcode does not unlock vault "v"'), {
            name: 'WrongPasscodeError',
          })
      },
    }
    const host = hostFor(undefined)
    const actions = createActions(store, gated, config, host)
    // No record of a passcode on this device: the vault says it has one.
    await actions.boot()
    expect(store.get()).toMatchObject({ passcodeNeeded: true, error: undefined })
    expect(host.storage.getItem('tessera.passcode')).toBe('on')
    await actions.boot('open sesam')
    expect(store.get()).toMatchObject({
      passcodeNeeded: true,
      unlocking: false,
      error: { key: 'error.wrongPasscode' },
    })
    await actions.boot('open sesame')
    expect(store.get()).toMatchObject({ passcodeNeeded: false, wallet: { status: 'ready' } })
    // The next start asks first, without trying the vault.
    const again = createActions(createStore(initialState('en')), gated, config, host)
    starts.length = 0
    await again.boot()
    expect(starts).toEqual([])
  })

  test('theme params become CSS variables; colorScheme sets data-theme', () => {
    const set: Record<string, string> = {}
    const root = {
      style: {
        setProperty: (k: string, v: string) => {
          set[k] = v
        },
      },
      dataset: {} as DOMStringMap,
    }
    applyTheme(root, {
      colorScheme: 'dark',
      themeParams: { bg_color: '#17212b', button_color: '#5288c1', text_color: 'red;x' },
    })
    expect(set).toEqual({ '--bg': '#17212b', '--accent': '#5288c1' })
    expect(root.dataset.theme).toBe('dark')
  })

  test('Back and Main buttons follow the screen; biometrics gate asks the manager', async () => {
    const tg = fakeTelegram({ initData })
    const log: string[] = []
    const handlers = new Map<string, () => void>()
    const button = (name: string) => ({
      show: () => log.push(`${name}.show`),
      hide: () => log.push(`${name}.hide`),
      setText: (text: string) => log.push(`${name}.text:${text}`),
      onClick: (h: () => void) => void handlers.set(name, h),
      offClick: () => void handlers.delete(name),
    })
    let authenticated = 0
    const host = {
      ...tg.webApp,
      onEvent: () => undefined,
      offEvent: () => undefined,
      BackButton: button('back'),
      MainButton: button('main'),
      BiometricManager: {
        isInited: false,
        isBiometricAvailable: true,
        isAccessRequested: false,
        isAccessGranted: false,
        init: (done?: () => void) => setTimeout(() => done?.(), 0),
        requestAccess: (_p: unknown, done?: (ok: boolean) => void) => done?.(true),
        authenticate: (_p: unknown, done?: (ok: boolean) => void) => {
          authenticated++
          done?.(authenticated === 1)
        },
      },
    } as unknown as TelegramUiHost
    const root = { style: { setProperty: () => undefined }, dataset: {} } as unknown as HTMLElement
    const ui = telegramUi(host, root)
    const platform = startPlatform({ global: { Telegram: { WebApp: tg.webApp } }, oidc: false })
    const store = createStore(initialState('en'))
    const { backend, logins, setView } = standIn()
    const h = { ...hostFor(platform), telegramUi: ui }
    const actions = createActions(store, backend, config, h)
    const t = (key: string) => key as never
    // Signed out: Main logs in with Telegram, no Back.
    store.set({ wallet: backend.wallet() })
    let controls = telegramControls(store.get(), actions, t)
    expect(controls.back).toBeUndefined()
    ui.main(controls.main)
    expect(log).toContain('main.text:login.telegram')
    handlers.get('main')?.()
    await expect.poll(() => logins.length).toBe(1)
    // Ready on the settings tab: Back returns home.
    setView({ status: 'ready', identity: 'tg:42', addresses: [], backupDue: false })
    store.set({ wallet: backend.wallet(), tab: 'settings', loginBusy: undefined })
    controls = telegramControls(store.get(), actions, t)
    ui.back(controls.back)
    expect(log).toContain('back.show')
    handlers.get('back')?.()
    expect(store.get().tab).toBe('home')
    // Biometrics: on, passed once, then refused → the wallet stays locked.
    expect(await ui.biometricsAvailable()).toBe(true)
    actions.setBiometrics(true)
    await actions.boot()
    expect(store.get().locked).toBe(false)
    await actions.boot()
    expect(store.get().locked).toBe(true)
  })
})

describe('WeChat and Alipay web-views', () => {
  test('WeChat: the code in the fragment is exchanged at once, once; links from the shell pair', async () => {
    const page = fakeWeChatWebView('https://signer.test/#code=wxcode_123', ['pages/bridge/bridge'])
    const global = {
      wx: { miniProgram: page.host.miniProgram },
      __wxjs_environment: 'miniprogram',
      location: page.host.location,
      history: page.host.history,
    }
    const platform = startPlatform({
      global,
      oidc: false,
      webStorage: fakeWebViewStorage().storage,
    })
    expect(platform.name).toBe('wechat')
    expect(platform.codeWaiting).toBe(true)
    expect(page.href).toBe('https://signer.test/')
    const store = createStore(initialState('en'))
    const { backend, logins } = standIn()
    const actions = createActions(store, backend, config, hostFor(platform))
    await actions.boot()
    expect(logins).toEqual([{ kind: 'wechat', code: 'wxcode_123' }])
    // A second login has no code left: it goes to the shell's bridge page and says so.
    await actions.loginWith('wechat')
    expect(page.navigations).toEqual(['/pages/bridge/bridge?action=login'])
    expect(store.get().notice?.key).toBe('login.roundTrip')
    expect(store.get().error).toBeUndefined()
    // The shell opens /pair#<uri> or /pair?uri=<uri>.
    expect(
      pairingUriFromLocation({
        pathname: '/pair',
        hash: '',
        search: `?uri=${encodeURIComponent(uri)}`,
      }),
    ).toBe(uri)
  })

  test('WeChat: a code beside the shell’s SOTER answer is exchanged at once too', async () => {
    const answer = encodeURIComponent(
      JSON.stringify({ purpose: `digest:${'ab'.repeat(32)}`, errCode: 90008, errMsg: 'cancel' }),
    )
    const page = fakeWeChatWebView(`https://signer.test/#code=wxcode_456&soter=${answer}`, [
      'pages/bridge/bridge',
    ])
    const platform = startPlatform({
      global: {
        wx: { miniProgram: page.host.miniProgram },
        __wxjs_environment: 'miniprogram',
        location: page.host.location,
        history: page.host.history,
      },
      oidc: false,
      webStorage: fakeWebViewStorage().storage,
    })
    expect(platform.codeWaiting).toBe(true)
    expect(page.href).toBe('https://signer.test/')
    const { backend, logins } = standIn()
    await createActions(createStore(initialState('en')), backend, config, hostFor(platform)).boot()
    expect(logins).toEqual([{ kind: 'wechat', code: 'wxcode_456' }])
  })

  test('WeChat: a kept SOTER request of another identity, or a tampered one, is not resumed', async () => {
    const purpose = `digest:${'ab'.repeat(32)}`
    const record = {
      v: 1,
      identity: 'wechat:wx1:o-someone-else',
      purpose,
      expiresAt: Date.now() + 60_000,
      resumable: {
        sessionId: 'cd'.repeat(32),
        request: { id: 3, method: 'personal_sign', params: ['0x68', '0x00'] },
        publishedAt: Date.now() - 1000,
      },
    }
    for (const kept of [record, { ...record, identity: 'wechat:wx1:o-me', purpose: 'digest:1' }]) {
      const answer = encodeURIComponent(
        JSON.stringify({ purpose, resultJSON: '{"raw":"x"}', resultJSONSignature: 'c2ln' }),
      )
      const page = fakeWeChatWebView(`https://signer.test/#code=c1&soter=${answer}`, [
        'pages/bridge/bridge',
      ])
      const platform = startPlatform({
        global: {
          wx: { miniProgram: page.host.miniProgram },
          __wxjs_environment: 'miniprogram',
          location: page.host.location,
          history: page.host.history,
        },
        oidc: false,
        webStorage: fakeWebViewStorage().storage,
      })
      const { backend } = standIn({
        status: 'ready',
        identity: 'wechat:wx1:o-me',
        addresses: [],
        backupDue: false,
      })
      const resumed: unknown[] = []
      const verified: unknown[] = []
      backend.resume = async (request) => void resumed.push(request)
      Object.assign(backend, {
        soter: {
          challenge: async () => ({ challenge: 'x'.repeat(32), expiresAt: Date.now() }),
          verify: async (a: unknown) => void verified.push(a),
        },
      })
      const host = hostFor(platform)
      host.storage.setItem('tessera.soterPending', JSON.stringify(kept))
      const store = createStore(initialState('en'))
      await createActions(store, backend, config, host).boot()
      expect(resumed).toEqual([])
      expect(verified).toEqual([])
      expect(store.get().error?.key).toBe('soter.lost')
      expect(host.storage.getItem('tessera.soterPending')).toBeNull()
    }
  })

  test('Alipay: the auth code comes from the shell through my.postMessage', async () => {
    const bridge = fakeAlipayWebView((message) =>
      bridge.reply({ tessera: 1, id: message.id as number, ok: true, value: 'ali_code_9' }),
    )
    const platform = startPlatform({
      global: { my: bridge.my, navigator: { userAgent: 'Mozilla/5.0 AlipayClient/10.5' } },
      oidc: true,
      webStorage: fakeWebViewStorage().storage,
    })
    expect(platform.providers).toEqual(['alipay', 'oidc'])
    const store = createStore(initialState('en'))
    const { backend, logins } = standIn()
    const actions = createActions(
      store,
      backend,
      config,
      hostFor(platform, `https://signer.test/pair#${uri}`),
    )
    await actions.boot()
    expect(store.get().pendingPair).toBe(uri)
    await actions.loginWith('alipay')
    expect(logins).toEqual([{ kind: 'alipay', authCode: 'ali_code_9' }])
  })

  test('Telegram without its SDK: the launch parameters still log in and pair', async () => {
    const platform = startPlatform({
      global: {},
      oidc: false,
      webStorage: fakeWebViewStorage().storage,
      telegramLaunch: { initData, startParam: encodeStartParam(uri) },
    })
    expect(platform).toMatchObject({ name: 'telegram', providers: ['telegram'] })
    expect(await platform.adapter.loginProof()).toEqual({ kind: 'telegram', initData })
    expect(await platform.vaultSecret()).toBeUndefined()
  })

  test('a browser offers the development login only where it is configured', () => {
    const storage = fakeWebViewStorage().storage
    expect(startPlatform({ global: {}, oidc: true, webStorage: storage }).providers).toEqual([
      'oidc',
    ])
    expect(startPlatform({ global: {}, oidc: false, webStorage: storage }).providers).toEqual([])
  })
})

describe('recovery, refresh, export, passcode, wc:', () => {
  const ready: WalletView = {
    status: 'ready',
    identity: 'oidc:alice',
    addresses: [{ chainId: 'eip155:1', label: 'Ethereum', address: '0xabc' }],
    backupDue: false,
  }
  const phrase = Array.from({ length: 24 }, (_, i) => `word${i}`).join(' ')

  test('without the engine methods each flow says "not available" and leaves the wallet as it was', async () => {
    const store = createStore(initialState('en'))
    const { backend } = standIn(ready)
    const actions = createActions(store, backend, config, hostFor(undefined))
    await actions.boot()
    expect(await actions.recover('too few words')).toBe(false)
    expect(store.get().error?.key).toBe('error.phrase')
    expect(await actions.recover(phrase)).toBe(false)
    expect(store.get().error).toMatchObject({
      key: 'error.notAvailable',
      detail: 'Recovery is not available in this build',
    })
    expect(store.get().maintenance).toBeUndefined()
    expect(await actions.refresh()).toBe(false)
    expect(store.get().error?.detail).toBe('Refresh is not available in this build')
    expect(await actions.exportKey('eip155:1')).toBeUndefined()
    expect(store.get().error?.key).toBe('error.notAvailable')
    expect(await actions.changePasscode('', '12345')).toBe(false)
    expect(store.get().error?.key).toBe('settings.passcodeWeak')
    expect(await actions.changePasscode('', '123456')).toBe(false)
    expect(store.get().error?.key).toBe('settings.passcodeWeak')
    expect(await actions.changePasscode('', 'open sesame', 'open sesame!')).toBe(false)
    expect(store.get().error?.key).toBe('settings.passcodeMismatch')
    expect(await actions.changePasscode('', 'open sesame')).toBe(false)
    expect(store.get().error?.key).toBe('error.notAvailable')
    expect(store.get().wallet).toEqual(ready)
  })

  test('with them: progress shown, then the new backup is due; export returns the key once confirmed', async () => {
    const store = createStore(initialState('en'))
    const { backend } = standIn(ready)
    const seen: number[] = []
    const key = new Uint8Array(32).fill(1)
    const full: Backend = {
      ...backend,
      recover: async (input) => {
        expect('phrase' in input ? input.phrase : []).toHaveLength(24)
        const { onProgress } = input
        onProgress({ phase: 'reveal', percent: 50 })
        seen.push(store.get().maintenance?.progress.percent ?? -1)
      },
      refresh: async () => undefined,
      exportPrivateKey: async ({ chainId, confirmed }) => {
        expect(confirmed).toBe(true)
        return { chainId, address: '0xabc', privateKey: key }
      },
      changePasscode: async () => undefined,
    }
    const actions = createActions(store, full, config, hostFor(undefined))
    await actions.boot()
    actions.openOverlay('recover')
    expect(await actions.recover(phrase.toUpperCase().replace(/ /g, ',  '))).toBe(true)
    expect(seen).toEqual([50])
    expect(store.get()).toMatchObject({
      overlay: undefined,
      showBackup: true,
      notice: { key: 'recover.done' },
    })
    expect(await actions.refresh()).toBe(true)
    expect(store.get().notice?.key).toBe('refresh.done')
    expect((await actions.exportKey('eip155:1'))?.privateKey).toBe(key)
    expect(await actions.changePasscode('', 'open sesame')).toBe(true)
  })

  test('a wc: URI goes to the backend as is (WalletConnect wallet mode)', async () => {
    const wc = `wc:${'ab'.repeat(32)}@2?relay-protocol=irn&symKey=${'cd'.repeat(32)}`
    expect(pairingUriFrom(` ${wc} `)).toBe(wc)
    const store = createStore(initialState('en'))
    const { backend, paired } = standIn(ready)
    const actions = createActions(store, backend, config, hostFor(undefined))
    await actions.boot()
    await actions.pair(wc)
    expect(paired).toEqual([wc])
    expect(store.get().notice?.key).toBe('pair.done')
  })

  test('phrase words, errors, saved endpoints', () => {
    expect(phraseWords(' Abandon,ability\n able，about ')).toEqual([
      'abandon',
      'ability',
      'able',
      'about',
    ])
    expect(explainApp(new NotAvailableError('Export')).key).toBe('error.notAvailable')
    const env = { VITE_TESSERA_RELAY_URL: 'ws://a' }
    expect(withOverrides(env, JSON.stringify({ relayUrl: 'wss://relay.example' }))).toEqual({
      VITE_TESSERA_RELAY_URL: 'wss://relay.example',
    })
    expect(withOverrides(env, JSON.stringify({ relayUrl: 'javascript:alert(1)' }))).toBe(env)
    expect(withOverrides(env, '{not json')).toBe(env)
    const c = readConfig(
      withOverrides({}, JSON.stringify({ cosignerUrl: 'https://co.example' })),
      'https://x',
    )
    expect(c.cosignerUrl).toBe('https://co.example')
  })
})
