/**
 * The browser / H5 platform adapter (mobile browsers, and the web-view of the mini-program
 * shells): plain storage in its own IndexedDB database through idb-keyval, no secure storage
 * (the device share lives in the vault), `crypto.getRandomValues`, login by an OIDC id token the
 * app obtains (bring-your-own-login), links through `window.open`, haptics through
 * `navigator.vibrate` where it exists. No QR scanner: the H5 app uses the camera UI of its host.
 */
import { createStore, del, get, set } from 'idb-keyval'
import { boundedStorage } from './boundedStorage.ts'
import type { HapticKind, LoginProof, PlatformAdapter, StorageLimits } from './types.ts'

export type BrowserPlatformOptions = {
  /** Returns a fresh OIDC id token from the app's login (docs/AUTH.md#oidc). */
  readonly idToken: () => Promise<string>
  /** The IndexedDB database for plain storage; `tessera-platform` by default. */
  readonly databaseName?: string
  /** True when the page runs in a mini-program web-view whose storage may be wiped. */
  readonly storageMayBeWiped?: boolean
}

/** Generous, but bounded: values as long as a Telegram CloudStorage value times 64. */
const BROWSER_LIMITS = { maxValueChars: 4096 * 64, maxKeyChars: 128, secureStorageItems: 0 }
const PATTERNS: Record<HapticKind, number[]> = {
  success: [20],
  warning: [30, 40, 30],
  error: [50, 50, 50],
  selection: [10],
}

export function browserPlatform(options: BrowserPlatformOptions): PlatformAdapter {
  const store = createStore(options.databaseName ?? 'tessera-platform', 'kv')
  const limits: StorageLimits = {
    ...BROWSER_LIMITS,
    storageMayBeWiped: options.storageMayBeWiped ?? false,
  }
  return {
    platform: 'browser',
    limits,
    storage: boundedStorage(
      {
        get: (key) => get<string>(key, store),
        set: (key, value) => set(key, value, store),
        delete: (key) => del(key, store),
      },
      limits,
    ),
    async randomBytes(length) {
      if (!Number.isSafeInteger(length) || length < 1 || length > 65536) {
        throw new RangeError('"length" expected an integer in [1, 65536]')
      }
      return crypto.getRandomValues(new Uint8Array(length))
    },
    async loginProof(): Promise<LoginProof> {
      const idToken = await options.idToken()
      if (typeof idToken !== 'string' || idToken.split('.').length !== 3) {
        throw new TypeError('the app returned something that is not a compact JWT as id token')
      }
      return { kind: 'oidc', idToken }
    },
    async openLink(url) {
      const parsed = new URL(url)
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
        throw new RangeError(`refusing to open a ${parsed.protocol} link`)
      }
      window.open(parsed.href, '_blank', 'noopener,noreferrer')
    },
    haptic(kind) {
      try {
        navigator.vibrate?.(PATTERNS[kind])
      } catch {
        // Haptics are a courtesy: a device without them changes nothing.
      }
    },
  }
}
