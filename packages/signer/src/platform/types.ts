/**
 * What the engine needs from the platform it runs on, designed against each platform's documented
 * limits (docs/ARCHITECTURE.md#signer-platforms, docs/AUTH.md#mini-program-runtime-facts):
 * - Telegram CloudStorage values are at most 4,096 characters (keys 128) and SecureStorage holds
 *   at most 10 items: `limits` says so, and `boundedStorage` enforces it instead of letting a
 *   platform call fail half-way.
 * - WeChat's `getRandomValues` is asynchronous only: `randomBytes` returns a promise everywhere.
 * - Mini-program logic layers have no TextEncoder: values are strings the adapter stores as given.
 * - A web-view's storage may be wiped (WeChat logout): `limits.storageMayBeWiped` tells the UI to
 *   keep the backup current and make recovery prominent.
 * Non-secret data only in `storage`; a device share only ever in `secureStorage` or the vault.
 */

export type StorageLimits = {
  /** Longest value accepted, in UTF-16 code units (Telegram CloudStorage: 4,096). */
  readonly maxValueChars: number
  /** Longest key accepted (Telegram: 128). */
  readonly maxKeyChars: number
  /** Most items the secure storage keeps (Telegram SecureStorage: 10); 0 when there is none. */
  readonly secureStorageItems: number
  /** True where the platform may wipe storage behind the app's back (web-views in mini-programs). */
  readonly storageMayBeWiped: boolean
}

/** Asynchronous string key–value storage (CloudStorage, DeviceStorage, IndexedDB, …). */
export type KeyValueStorage = {
  get(key: string): Promise<string | undefined>
  set(key: string, value: string): Promise<void>
  delete(key: string): Promise<void>
}

/** The proof of login the co-signer exchanges for a session (docs/AUTH.md). */
export type LoginProof =
  | { readonly kind: 'oidc'; readonly idToken: string }
  | { readonly kind: 'telegram'; readonly initData: string }
  | { readonly kind: 'wechat'; readonly code: string }
  | { readonly kind: 'alipay'; readonly authCode: string }

export type HapticKind = 'success' | 'warning' | 'error' | 'selection'

export type PlatformAdapter = {
  /** Which platform this is; the chain set and UI copy are configured per platform. */
  readonly platform: 'browser' | 'telegram' | 'wechat' | 'alipay'
  readonly limits: StorageLimits
  /** Plain storage: non-secret data (public key state, settings, encrypted backup chunks). */
  readonly storage: KeyValueStorage
  /** Keychain/Keystore-backed storage where the platform has one (Telegram SecureStorage). */
  readonly secureStorage?: KeyValueStorage
  /** Cryptographically secure random bytes; asynchronous because WeChat's source is. */
  randomBytes(length: number): Promise<Uint8Array>
  /** A fresh login proof (single-use codes are fetched per call). */
  loginProof(): Promise<LoginProof>
  /** Opens a link outside the signer (a dapp, a block explorer). */
  openLink(url: string): Promise<void>
  /** Scans a QR code and returns its text; absent where the platform cannot. */
  scan?(): Promise<string>
  /** Haptic feedback where the device has it; never throws. */
  haptic(kind: HapticKind): void
}
