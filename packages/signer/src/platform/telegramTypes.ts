/**
 * The part of Telegram's `window.Telegram.WebApp` object (core.telegram.org/bots/webapps) the
 * Telegram adapter uses, typed from the documented behaviour: callbacks are `(error, result)`,
 * CloudStorage answers `''` for a missing key, SecureStorage and DeviceStorage answer `null`.
 * Type only: nothing here calls the host.
 */

export type TelegramCallback<T> = (error: string | null, result?: T) => void

export type TelegramCloudStorage = {
  setItem(key: string, value: string, callback?: TelegramCallback<boolean>): void
  getItem(key: string, callback: TelegramCallback<string>): void
  removeItem(key: string, callback?: TelegramCallback<boolean>): void
}

/** SecureStorage (Keychain / Keystore, at most 10 items) and DeviceStorage (Bot API 9.0). */
export type TelegramItemStorage = {
  setItem(key: string, value: string, callback?: TelegramCallback<boolean>): void
  getItem(key: string, callback: (error: string | null, value?: string | null) => void): void
  removeItem(key: string, callback?: TelegramCallback<boolean>): void
}

export type TelegramWebApp = {
  readonly initData: string
  readonly initDataUnsafe: { readonly start_param?: string }
  readonly version: string
  isVersionAtLeast(version: string): boolean
  readonly CloudStorage: TelegramCloudStorage
  readonly SecureStorage?: TelegramItemStorage
  readonly DeviceStorage?: TelegramItemStorage
  readonly HapticFeedback: {
    notificationOccurred(type: 'error' | 'success' | 'warning'): void
    selectionChanged(): void
  }
  openLink(url: string, options?: { try_instant_view?: boolean }): void
  openTelegramLink(url: string): void
  showScanQrPopup(params: { text?: string }, callback?: (text: string) => boolean | undefined): void
  closeScanQrPopup(): void
  onEvent(event: 'scanQrPopupClosed', handler: () => void): void
  offEvent(event: 'scanQrPopupClosed', handler: () => void): void
}
