/**
 * The Telegram Mini App adapter over `window.Telegram.WebApp` (docs/AUTH.md#telegram-mini-app):
 * the login proof is the raw `initData`; plain storage is CloudStorage under its documented limits
 * (4,096-character values, 128-character keys) — it may hold encrypted backup chunks
 * (`cloudBackup.ts`), never a share; the wrapping key goes to SecureStorage (at most 10 items) and
 * to DeviceStorage on clients that answer SecureStorage with `UNSUPPORTED`. Links: `t.me` through
 * `openTelegramLink`, http(s) through `openLink`, anything else (`wc:`, `tessera:`) refused with
 * a clear error because Telegram cannot open it. Never logs initData or a stored value.
 */
import { PlatformError } from '../errors.ts'
import { boundedStorage } from './boundedStorage.ts'
import type { TelegramItemStorage, TelegramWebApp } from './telegramTypes.ts'
import type { KeyValueStorage, PlatformAdapter, StorageLimits } from './types.ts'

export const TELEGRAM_LIMITS: StorageLimits = Object.freeze({
  maxValueChars: 4096,
  maxKeyChars: 128,
  secureStorageItems: 10,
  storageMayBeWiped: false,
})

export type TelegramPlatformOptions = {
  /** The page's randomness; `globalThis.crypto` by default. */
  readonly crypto?: Pick<Crypto, 'getRandomValues'>
  /** Text shown in the QR scanner popup. */
  readonly scanText?: string
}

export type TelegramPlatform = PlatformAdapter & {
  readonly platform: 'telegram'
  /** Which store holds the wrapping key on this client (probed once). */
  wrappingKeyStore(): Promise<'SecureStorage' | 'DeviceStorage'>
}

function call<T>(what: string, run: (done: (error: string | null, result?: T) => void) => void) {
  return new Promise<T | undefined>((resolve, reject) => {
    run((error, result) => {
      if (error === null || error === undefined) return resolve(result)
      const code = /QUOTA|LIMIT|FULL/i.test(error) ? 'Full' : 'HostFailed'
      reject(new PlatformError(code, `Telegram ${what} failed: ${error}`))
    })
  })
}

function itemStorage(name: string, host: TelegramItemStorage): KeyValueStorage {
  return {
    get: async (key) =>
      (await call<string | null>(`${name}.getItem`, (d) => host.getItem(key, d))) ?? undefined,
    set: async (key, value) => {
      await call(`${name}.setItem`, (d) => host.setItem(key, value, d))
    },
    delete: async (key) => {
      await call(`${name}.removeItem`, (d) => host.removeItem(key, d))
    },
  }
}

export function telegramPlatform(
  webApp: TelegramWebApp,
  options: TelegramPlatformOptions = {},
): TelegramPlatform {
  const random = options.crypto ?? globalThis.crypto
  const cloud: KeyValueStorage = {
    // CloudStorage answers '' for a key it does not hold.
    get: async (key) =>
      (await call<string>('CloudStorage.getItem', (d) => webApp.CloudStorage.getItem(key, d))) ||
      undefined,
    set: async (key, value) => {
      await call('CloudStorage.setItem', (d) => webApp.CloudStorage.setItem(key, value, d))
    },
    delete: async (key) => {
      await call('CloudStorage.removeItem', (d) => webApp.CloudStorage.removeItem(key, d))
    },
  }

  let chosen:
    | Promise<{ name: 'SecureStorage' | 'DeviceStorage'; store: KeyValueStorage }>
    | undefined
  const choose = () => {
    chosen ??= (async () => {
      const device = webApp.DeviceStorage
      const secure = webApp.SecureStorage
      if (secure !== undefined && webApp.isVersionAtLeast('9.0')) {
        const store = itemStorage('SecureStorage', secure)
        try {
          await store.get('tessera_probe')
          return { name: 'SecureStorage' as const, store }
        } catch (error) {
          if (!(error instanceof PlatformError && /UNSUPPORTED/.test(error.shortMessage)))
            throw error
        }
      }
      if (device === undefined || !webApp.isVersionAtLeast('9.0')) {
        throw new PlatformError(
          'Unsupported',
          `Telegram ${webApp.version} has neither SecureStorage nor DeviceStorage`,
          { details: 'update Telegram to a version with Bot API 9.0 or later' },
        )
      }
      return { name: 'DeviceStorage' as const, store: itemStorage('DeviceStorage', device) }
    })()
    // A failed probe is not remembered: the next call probes again.
    chosen.catch(() => {
      chosen = undefined
    })
    return chosen
  }
  const secureStorage: KeyValueStorage = {
    get: async (key) => (await choose()).store.get(key),
    set: async (key, value) => (await choose()).store.set(key, value),
    delete: async (key) => (await choose()).store.delete(key),
  }

  return {
    platform: 'telegram',
    limits: TELEGRAM_LIMITS,
    storage: boundedStorage(cloud, TELEGRAM_LIMITS),
    secureStorage: boundedStorage(secureStorage, TELEGRAM_LIMITS),
    wrappingKeyStore: async () => (await choose()).name,
    async randomBytes(length) {
      if (!Number.isSafeInteger(length) || length < 1 || length > 65536) {
        throw new RangeError('"length" expected an integer in [1, 65536]')
      }
      return random.getRandomValues(new Uint8Array(length))
    },
    async loginProof() {
      const initData = webApp.initData
      if (typeof initData !== 'string' || initData.length === 0) {
        throw new PlatformError('NoLogin', 'Telegram gave this page no initData', {
          details: 'open the signer from the bot (menu button, inline button or t.me link)',
        })
      }
      return { kind: 'telegram', initData }
    },
    async openLink(url) {
      const parsed = new URL(url)
      if (parsed.protocol === 'https:' && parsed.hostname === 't.me') {
        webApp.openTelegramLink(parsed.href)
      } else if (parsed.protocol === 'https:' || parsed.protocol === 'http:') {
        webApp.openLink(parsed.href)
      } else {
        throw new PlatformError(
          'Unsupported',
          `Telegram cannot open ${parsed.protocol} links from a Mini App`,
          { details: 'use an https link (a universal link) or pair by QR code instead' },
        )
      }
    },
    scan() {
      if (!webApp.isVersionAtLeast('6.4')) {
        return Promise.reject(
          new PlatformError('Unsupported', `Telegram ${webApp.version} has no QR scanner`),
        )
      }
      return new Promise<string>((resolve, reject) => {
        let settled = false
        const onClosed = () => {
          webApp.offEvent('scanQrPopupClosed', onClosed)
          if (settled) return
          settled = true
          reject(new PlatformError('Cancelled', 'the QR scanner was closed'))
        }
        webApp.onEvent('scanQrPopupClosed', onClosed)
        webApp.showScanQrPopup(
          options.scanText === undefined ? {} : { text: options.scanText },
          (text) => {
            if (settled) return true
            settled = true
            webApp.offEvent('scanQrPopupClosed', onClosed)
            resolve(text)
            return true
          },
        )
      })
    },
    haptic(kind) {
      try {
        if (kind === 'selection') webApp.HapticFeedback.selectionChanged()
        else webApp.HapticFeedback.notificationOccurred(kind)
      } catch {
        // Haptics are a courtesy.
      }
    },
  }
}
