/**
 * A fake `Telegram.WebApp` built from the documented behaviour (core.telegram.org/bots/webapps),
 * for tests only. Faithful where the adapter depends on it:
 * - answers arrive asynchronously through `(error, result)` callbacks, as the client's events do;
 * - CloudStorage: keys 1–128 characters of A-Z a-z 0-9 _ -, values ≤ 4,096 characters, ≤ 1,024
 *   keys; a missing key reads as `''`;
 * - SecureStorage: at most 10 items (the 11th is refused), `null` for a missing key, and
 *   `UNSUPPORTED` on clients without it; DeviceStorage: 5 MB, `null` for a missing key;
 * - `openLink` accepts only http(s) and `openTelegramLink` only t.me links (the real ones throw);
 * - one QR popup at a time; the user's actions are driven by `scanner`;
 * - `initData` signed with a bot token as Telegram does (HMAC-SHA256 keyed "WebAppData").
 * Error strings are this fake's; the adapter only relies on `UNSUPPORTED` and on "QUOTA".
 */
import { createHmac } from 'node:crypto'
import type { TelegramItemStorage, TelegramWebApp } from '../telegramTypes.ts'

export type FakeTelegramOptions = {
  readonly version?: string
  readonly secureStorage?: 'supported' | 'unsupported' | 'absent'
  readonly initData?: string
  readonly startParam?: string
}

/** `initData` as Telegram signs it for a bot: sorted `k=v` lines, HMAC with the bot token. */
export function signInitData(fields: Record<string, string>, botToken: string): string {
  const lines = Object.entries(fields)
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join('\n')
  const secret = createHmac('sha256', 'WebAppData').update(botToken).digest()
  const hash = createHmac('sha256', secret).update(lines).digest('hex')
  return new URLSearchParams({ ...fields, hash }).toString()
}

const later = (run: () => void) => setTimeout(run, 0)
const compare = (a: string, b: string) => {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}

function itemStore(maxItems: number, maxBytes: number, unsupported: boolean) {
  const items = new Map<string, string>()
  const size = () => [...items].reduce((n, [k, v]) => n + k.length + v.length, 0)
  const storage: TelegramItemStorage = {
    setItem(key, value, callback) {
      later(() => {
        if (unsupported) return callback?.('UNSUPPORTED')
        if (!items.has(key) && items.size >= maxItems) return callback?.('QUOTA_EXCEEDED')
        if (size() + key.length + value.length > maxBytes) return callback?.('QUOTA_EXCEEDED')
        items.set(key, value)
        callback?.(null, true)
      })
    },
    getItem(key, callback) {
      later(() => (unsupported ? callback('UNSUPPORTED') : callback(null, items.get(key) ?? null)))
    },
    removeItem(key, callback) {
      later(() => {
        if (unsupported) return callback?.('UNSUPPORTED')
        items.delete(key)
        callback?.(null, true)
      })
    },
  }
  return { storage, items }
}

export function fakeTelegram(options: FakeTelegramOptions = {}) {
  const version = options.version ?? '9.1'
  const cloud = new Map<string, string>()
  const secure = itemStore(10, Number.POSITIVE_INFINITY, options.secureStorage === 'unsupported')
  const device = itemStore(Number.POSITIVE_INFINITY, 5 * 1024 * 1024, false)
  const opened: { telegram: string[]; external: string[] } = { telegram: [], external: [] }
  const haptics: string[] = []
  const closedHandlers = new Set<() => void>()
  let popup: ((text: string) => boolean | undefined) | undefined
  let popupOpen = false
  const closePopup = () => {
    if (!popupOpen) return
    popupOpen = false
    popup = undefined
    for (const handler of [...closedHandlers]) handler()
  }
  const validKey = (key: string) => /^[A-Za-z0-9_-]{1,128}$/.test(key)
  const atLeast = (v: string) => compare(version, v) >= 0

  const webApp: TelegramWebApp = {
    initData: options.initData ?? '',
    initDataUnsafe: options.startParam === undefined ? {} : { start_param: options.startParam },
    version,
    isVersionAtLeast: atLeast,
    CloudStorage: {
      setItem(key, value, callback) {
        later(() => {
          if (!validKey(key)) return callback?.('KEY_INVALID')
          if (value.length > 4096) return callback?.('VALUE_TOO_LONG')
          if (!cloud.has(key) && cloud.size >= 1024) return callback?.('STORAGE_KEYS_TOO_MUCH')
          cloud.set(key, value)
          callback?.(null, true)
        })
      },
      getItem(key, callback) {
        later(() =>
          validKey(key) ? callback(null, cloud.get(key) ?? '') : callback('KEY_INVALID'),
        )
      },
      removeItem(key, callback) {
        later(() => {
          if (!validKey(key)) return callback?.('KEY_INVALID')
          cloud.delete(key)
          callback?.(null, true)
        })
      },
    },
    ...(options.secureStorage === 'absent' ? {} : { SecureStorage: secure.storage }),
    ...(atLeast('9.0') ? { DeviceStorage: device.storage } : {}),
    HapticFeedback: {
      notificationOccurred(type) {
        if (!['error', 'success', 'warning'].includes(type)) {
          throw new Error('WebAppHapticNotificationTypeInvalid')
        }
        haptics.push(type)
      },
      selectionChanged: () => void haptics.push('selection'),
    },
    openLink(url) {
      if (!/^https?:\/\//.test(url)) throw new Error('WebAppInvalidUrl')
      opened.external.push(url)
    },
    openTelegramLink(url) {
      if (!url.startsWith('https://t.me/')) throw new Error('WebAppInvalidUrl')
      opened.telegram.push(url)
    },
    showScanQrPopup(_params, callback) {
      if (!atLeast('6.4')) throw new Error('WebAppMethodUnsupported')
      if (popupOpen) throw new Error('WebAppScanQrPopupOpened')
      popupOpen = true
      popup = callback
    },
    closeScanQrPopup: closePopup,
    onEvent: (_event, handler) => void closedHandlers.add(handler),
    offEvent: (_event, handler) => void closedHandlers.delete(handler),
  }

  return {
    webApp,
    cloud,
    secureItems: secure.items,
    deviceItems: device.items,
    opened,
    haptics,
    /** The user's side of the QR popup. */
    scanner: {
      get open() {
        return popupOpen
      },
      /** The camera reads `text`; the popup closes if the Mini App's callback returns true. */
      read(text: string) {
        if (!popupOpen) throw new Error('no QR popup is open')
        if (popup?.(text) === true) closePopup()
      },
      /** The user closes the popup. */
      close: closePopup,
    },
  }
}
