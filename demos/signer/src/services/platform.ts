/**
 * The platform the app runs on, decided once at start-up by `detectPlatform` (@tessera/signer):
 * a Telegram Mini App, the WeChat or Alipay mini-program shell's web-view, or a plain browser.
 * Builds that platform's adapter (storage, login proof, links, haptics, scanner), says which
 * login providers the login screen offers there and where a pairing link came from:
 * - Telegram: `initData` login; pairing from `startapp` (base64url of the URI); the device share's
 *   vault is opened with a random wrapping secret kept in SecureStorage (DeviceStorage on clients
 *   without it), so the share at rest needs the Keychain/Keystore item too;
 * - WeChat web-view: the `wx.login` code the shell put in the fragment (`#code=…`), taken once and
 *   exchanged at once; pairing from `/pair#<uri>` or `/pair?uri=` as the shell opens it;
 * - Alipay web-view: `my.getAuthCode` through the shell on demand; pairing likewise;
 * - every platform: the development OIDC login when the deployment configures one.
 * Never logs initData, a code or a stored value.
 */
import {
  alipayWebViewPlatform,
  browserPlatform,
  type DetectedPlatform,
  detectPlatform,
  type KeyValueStorage,
  type PlatformAdapter,
  type TelegramPlatform,
  type TelegramWebApp,
  telegramPlatform,
  wechatWebViewPlatform,
} from '@tessera/signer'
import type { Platform } from '../config.ts'

export type LoginProvider = 'telegram' | 'wechat' | 'alipay' | 'oidc'

export type AppPlatform = {
  readonly name: Platform
  readonly adapter: PlatformAdapter
  /** The providers the login screen offers, in order. */
  readonly providers: readonly LoginProvider[]
  /** Telegram's WebApp object (theme, buttons, biometrics), inside a Mini App only. */
  readonly webApp?: TelegramWebApp
  /** The `startapp` parameter the Mini App was opened with. */
  readonly startParam?: string
  /** The platform user's language (Telegram). */
  readonly language?: string
  /** True when a single-use login code arrived with the page (WeChat): exchange it at once. */
  readonly codeWaiting: boolean
  /**
   * The vault's wrapping secret, from the platform's secure storage (created on first use), or
   * undefined where the platform has none (the browser's vault keeps its device key itself).
   */
  vaultSecret(): Promise<string | undefined>
  /** Which store holds the wrapping secret ('SecureStorage', 'DeviceStorage' or undefined). */
  secretStore(): Promise<string | undefined>
}

/**
 * The vault's passcode from the platform's wrapping secret and the person's passcode: either
 * alone, both joined (a separator the secret's base64url alphabet never holds), or none.
 */
export function vaultPasscode(
  secret: string | undefined,
  typed: string | undefined,
): string | undefined {
  if (secret === undefined) return typed
  return typed === undefined ? secret : `${secret}~${typed}`
}

/** The key of the vault's wrapping secret in the platform's secure storage (Telegram's alphabet). */
export const VAULT_SECRET_KEY = 'tessera_vault_secret'

/**
 * The wallet's metadata keys contain dots (`tessera.wallet.<vault>.head`), which Telegram's
 * storage refuses (keys are A-Z a-z 0-9 _ -): dots become underscores on the way in.
 */
export function dotFreeKeys(storage: KeyValueStorage): KeyValueStorage {
  const key = (name: string) => name.replace(/\./g, '_')
  return {
    get: (name) => storage.get(key(name)),
    set: (name, value) => storage.set(key(name), value),
    delete: (name) => storage.delete(key(name)),
  }
}

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')

/** A wrapping secret in `store` under VAULT_SECRET_KEY, made (32 random bytes) when absent. */
export async function loadOrCreateSecret(
  store: KeyValueStorage,
  random: (length: number) => Promise<Uint8Array>,
): Promise<string> {
  const existing = await store.get(VAULT_SECRET_KEY)
  if (existing !== undefined && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing
  const bytes = await random(32)
  const secret = base64url(bytes)
  bytes.fill(0)
  await store.set(VAULT_SECRET_KEY, secret)
  return secret
}

export type StartPlatformOptions = {
  /** The global object (`globalThis` in the page, a fake in tests). */
  readonly global: object
  /** True when the deployment configures the development OIDC login. */
  readonly oidc: boolean
  /** The page's own storage for the web-view platforms (IndexedDB through browserPlatform). */
  readonly webStorage?: KeyValueStorage
  /** The scanner prompt inside Telegram. */
  readonly scanText?: string
  /**
   * Telegram's launch parameters read from the URL (`tgWebAppData`), for when telegram-web-app.js
   * could not be loaded: the app still logs in with the initData and pairs from `startapp`, on
   * the browser's storage.
   */
  readonly telegramLaunch?: { initData: string; startParam?: string; language?: string }
}

function browserAdapter(storageMayBeWiped: boolean): PlatformAdapter {
  const browser = browserPlatform({
    // The development login is a redirect: a session the co-signer no longer renews means
    // logging in again, which the login screen offers.
    idToken: () => Promise.reject(new Error('log in again')),
    storageMayBeWiped,
  })
  return { ...browser, storage: dotFreeKeys(browser.storage) }
}

/** Builds the adapter for what `detectPlatform` found (or for `detected`, in tests). */
export function startPlatform(
  options: StartPlatformOptions,
  detected: DetectedPlatform = detectPlatform(options.global),
): AppPlatform {
  const oidc: LoginProvider[] = options.oidc ? ['oidc'] : []
  const none = {
    codeWaiting: false,
    vaultSecret: async () => undefined,
    secretStore: async () => undefined,
  }
  switch (detected.platform) {
    case 'telegram': {
      const webApp = detected.webApp
      const adapter: TelegramPlatform = telegramPlatform(webApp, {
        ...(options.scanText ? { scanText: options.scanText } : {}),
      })
      const unsafe = webApp.initDataUnsafe as {
        start_param?: string
        user?: { language_code?: string }
      }
      const secureStorage = adapter.secureStorage as KeyValueStorage
      return {
        name: 'telegram',
        adapter: { ...adapter, storage: dotFreeKeys(adapter.storage) },
        providers: ['telegram', ...oidc],
        webApp,
        ...(unsafe.start_param ? { startParam: unsafe.start_param } : {}),
        ...(unsafe.user?.language_code ? { language: unsafe.user.language_code } : {}),
        codeWaiting: false,
        vaultSecret: () =>
          loadOrCreateSecret(secureStorage, (length) => adapter.randomBytes(length)),
        secretStore: () => adapter.wrappingKeyStore(),
      }
    }
    case 'wechat': {
      // The code alone, or beside the shell's SOTER answer (`#code=…&soter=…`).
      const codeWaiting = /#code=[A-Za-z0-9_-]{1,128}(&soter=[^&#]*)?$/.test(
        detected.host.location.href,
      )
      const adapter = wechatWebViewPlatform({
        host: detected.host,
        storage: options.webStorage ?? browserAdapter(true).storage,
      })
      return {
        ...none,
        name: 'wechat',
        adapter: { ...adapter, storage: dotFreeKeys(adapter.storage) },
        providers: ['wechat', ...oidc],
        codeWaiting,
      }
    }
    case 'alipay': {
      const adapter = alipayWebViewPlatform({
        my: detected.my,
        storage: options.webStorage ?? browserAdapter(true).storage,
      })
      return {
        ...none,
        name: 'alipay',
        adapter: { ...adapter, storage: dotFreeKeys(adapter.storage) },
        providers: ['alipay', ...oidc],
      }
    }
    default: {
      const launch = options.telegramLaunch
      if (launch !== undefined) {
        const base = browserAdapter(false)
        return {
          ...none,
          name: 'telegram',
          adapter: {
            ...base,
            ...(options.webStorage ? { storage: dotFreeKeys(options.webStorage) } : {}),
            platform: 'telegram',
            loginProof: async () => ({ kind: 'telegram', initData: launch.initData }),
          },
          providers: ['telegram', ...oidc],
          ...(launch.startParam ? { startParam: launch.startParam } : {}),
          ...(launch.language ? { language: launch.language } : {}),
        }
      }
      return {
        ...none,
        name: 'browser',
        adapter: options.webStorage
          ? { ...browserAdapter(false), storage: dotFreeKeys(options.webStorage) }
          : browserAdapter(false),
        providers: oidc,
      }
    }
  }
}

/**
 * Loads telegram-web-app.js when the page was opened as a Mini App (launch parameters in the
 * fragment) and `Telegram.WebApp` is not there yet; resolves either way (the app then falls back
 * to the browser platform and says so). Nothing is loaded outside Telegram.
 */
export function loadTelegramSdk(
  global: { Telegram?: { WebApp?: unknown }; document: Document; location: Location },
  url: string,
  timeoutMs = 10_000,
): Promise<void> {
  if (global.Telegram?.WebApp !== undefined) return Promise.resolve()
  if (!/tgWebAppData=/.test(global.location.hash) || url === '') return Promise.resolve()
  return new Promise((resolve) => {
    const script = global.document.createElement('script')
    const timer = setTimeout(resolve, timeoutMs)
    const done = () => {
      clearTimeout(timer)
      resolve()
    }
    script.src = url
    script.onload = done
    script.onerror = done
    global.document.head.append(script)
  })
}
