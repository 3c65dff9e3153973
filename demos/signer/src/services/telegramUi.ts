/**
 * The Mini App's look and controls through `window.Telegram.WebApp` (core.telegram.org/bots/webapps),
 * on top of the adapter's storage/login/links: theme params become the app's CSS variables (and
 * `data-theme` light/dark from `colorScheme`), updated on `themeChanged`; the Back button mirrors
 * the app's "go back" (a sub-screen, the pair tab); the Main button carries the screen's primary
 * action when the screen offers one; the biometrics gate asks BiometricManager before the wallet
 * opens when the person turned it on (optional: devices without biometrics skip it). Every call is
 * guarded by the client's version and presence, because older clients lack these objects.
 */
import type { TelegramWebApp } from '@tessera/signer'

type Handler = () => void

/** The parts of WebApp beyond the adapter's, all optional (older clients lack them). */
export type TelegramUiHost = TelegramWebApp & {
  readonly colorScheme?: 'light' | 'dark'
  readonly themeParams?: Readonly<Record<string, string | undefined>>
  ready?(): void
  expand?(): void
  onEvent(event: string, handler: Handler): void
  offEvent(event: string, handler: Handler): void
  readonly BackButton?: {
    show(): void
    hide(): void
    onClick(handler: Handler): void
    offClick(handler: Handler): void
  }
  readonly MainButton?: {
    setText(text: string): void
    show(): void
    hide(): void
    enable?(): void
    disable?(): void
    onClick(handler: Handler): void
    offClick(handler: Handler): void
  }
  readonly BiometricManager?: {
    readonly isInited: boolean
    readonly isBiometricAvailable: boolean
    readonly isAccessRequested: boolean
    readonly isAccessGranted: boolean
    init(callback?: Handler): void
    requestAccess(params: { reason?: string }, callback?: (granted: boolean) => void): void
    authenticate(
      params: { reason?: string },
      callback?: (ok: boolean, token?: string) => void,
    ): void
  }
}

/** Telegram theme param → the app's CSS variable (style.css). */
export const THEME_VARIABLES: Readonly<Record<string, string>> = {
  bg_color: '--bg',
  text_color: '--fg',
  hint_color: '--muted',
  secondary_bg_color: '--card',
  section_separator_color: '--line',
  button_color: '--accent',
  button_text_color: '--accent-fg',
  link_color: '--info',
  destructive_text_color: '--danger',
}

const COLOR = /^#[0-9a-fA-F]{3,8}$/

/** Sets the CSS variables and `data-theme` from the Mini App's theme; returns what it set. */
export function applyTheme(
  root: { style: { setProperty(name: string, value: string): void }; dataset: DOMStringMap },
  webApp: Pick<TelegramUiHost, 'themeParams' | 'colorScheme'>,
): Record<string, string> {
  const applied: Record<string, string> = {}
  for (const [param, variable] of Object.entries(THEME_VARIABLES)) {
    const value = webApp.themeParams?.[param]
    if (typeof value === 'string' && COLOR.test(value)) {
      root.style.setProperty(variable, value)
      applied[variable] = value
    }
  }
  if (webApp.colorScheme === 'light' || webApp.colorScheme === 'dark') {
    root.dataset.theme = webApp.colorScheme
  }
  return applied
}

export type TelegramUi = {
  /** Shows the Back button calling `onBack`, or hides it with `undefined`. */
  back(onBack: Handler | undefined): void
  /** Shows the Main button with `text` calling `onClick`, or hides it with `undefined`. */
  main(action: { text: string; onClick: Handler } | undefined): void
  /** Resolves true when the person passes (or the device has no biometrics / the gate is off). */
  biometricGate(reason: string): Promise<boolean>
  /** True when the client offers biometrics. */
  biometricsAvailable(): Promise<boolean>
  stop(): void
}

export function telegramUi(
  webApp: TelegramUiHost,
  root: HTMLElement = document.documentElement,
): TelegramUi {
  const theme = () => applyTheme(root, webApp)
  theme()
  webApp.onEvent('themeChanged', theme)
  webApp.ready?.()
  webApp.expand?.()
  let backHandler: Handler | undefined
  let mainHandler: Handler | undefined
  const version = (v: string) => webApp.isVersionAtLeast(v)
  const biometrics = () =>
    new Promise<TelegramUiHost['BiometricManager'] | undefined>((resolve) => {
      const manager = webApp.BiometricManager
      if (manager === undefined || !version('7.2')) return resolve(undefined)
      if (manager.isInited) return resolve(manager)
      manager.init(() => resolve(manager))
    })
  return {
    back(onBack) {
      const button = webApp.BackButton
      if (button === undefined || !version('6.1')) return
      if (backHandler) button.offClick(backHandler)
      backHandler = onBack
      if (onBack) {
        button.onClick(onBack)
        button.show()
      } else button.hide()
    },
    main(action) {
      const button = webApp.MainButton
      if (button === undefined) return
      if (mainHandler) button.offClick(mainHandler)
      mainHandler = action?.onClick
      if (action) {
        button.setText(action.text)
        button.onClick(action.onClick)
        button.enable?.()
        button.show()
      } else button.hide()
    },
    async biometricsAvailable() {
      return (await biometrics())?.isBiometricAvailable === true
    },
    async biometricGate(reason) {
      const manager = await biometrics()
      if (manager === undefined || !manager.isBiometricAvailable) return true
      if (!manager.isAccessGranted) {
        const granted = await new Promise<boolean>((resolve) =>
          manager.requestAccess({ reason }, (ok) => resolve(ok)),
        )
        if (!granted) return false
      }
      return new Promise<boolean>((resolve) =>
        manager.authenticate({ reason }, (ok) => resolve(ok === true)),
      )
    },
    stop() {
      webApp.offEvent('themeChanged', theme)
      this.back(undefined)
      this.main(undefined)
    },
  }
}
