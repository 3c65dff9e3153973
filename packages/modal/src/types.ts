/**
 * The connect modal's contracts with a dapp: its parameters, its states and the controller
 * `openConnectModal` returns. Types only; must never hold behaviour.
 */

/** The languages the modal speaks. */
export type ConnectModalLocale = 'en' | 'zh-CN'

/** `auto` follows `prefers-color-scheme`. */
export type ConnectModalTheme = 'light' | 'dark' | 'auto'

/**
 * - `waiting`: the QR code, the copy button and the deep links, until a wallet answers;
 * - `paired`: a wallet answered (the caller usually closes the modal a moment later);
 * - `expired`: the code can no longer be used; "New code" calls `onRefresh`;
 * - `error`: pairing failed (the caller's message is shown); "Try again" calls `onRefresh`.
 */
export type ConnectModalState = 'waiting' | 'paired' | 'expired' | 'error'

/** Who closed the modal: the user (Escape, the close button, the backdrop) or `close()`. */
export type ConnectModalCloser = 'user' | 'controller'

/**
 * Deep links into the signer, each shown only when configured. Mini-program links carry the
 * pairing URI as the query parameter `uri` (URL-encoded), which the mini-program's `onLoad`
 * receives decoded.
 */
export interface ConnectModalLinks {
  /**
   * The H5 signer's origin, e.g. `https://signer.example` (http only on loopback): the universal
   * link `https://signer.example/pair#<uri>` (docs/SESSION.md#pairing-uri).
   */
  readonly signer?: string
  /**
   * A Telegram Mini App: `https://t.me/<bot>/<app>?startapp=<base64url of the URI>`. Telegram
   * passes at most 512 characters of `startapp`; a longer URI gets no Telegram link.
   */
  readonly telegram?: { readonly bot: string; readonly app: string }
  /**
   * A WeChat mini-program's plain URL scheme:
   * `weixin://dl/business/?appid=<appId>&path=<path>&query=uri%3D…&env_version=<envVersion>`
   * (the mini-program must enable plain URL schemes for `path`). `envVersion` default `release`.
   */
  readonly wechat?: {
    readonly appId: string
    readonly path: string
    readonly envVersion?: 'release' | 'trial' | 'develop'
  }
  /** An Alipay mini-program: `alipays://platformapi/startapp?appId=<appId>&page=<page>&query=uri%3D…`. */
  readonly alipay?: { readonly appId: string; readonly page: string }
}

export interface ConnectModalParameters {
  /** The `tessera:` pairing URI to show. */
  readonly uri: string
  readonly links?: ConnectModalLinks
  /** Default: `navigator.languages` (any `zh` → `zh-CN`), else English. */
  readonly locale?: ConnectModalLocale
  /** Default `auto`. */
  readonly theme?: ConnectModalTheme
  /** Called once, when the modal closes. */
  readonly onClose?: (by: ConnectModalCloser) => void
  /** Asks the caller for a new pairing URI (pass it to `refresh`); without it, no "New code" button. */
  readonly onRefresh?: () => void
  /** Where the modal's host element goes; default `document.body`. */
  readonly container?: Element
}

export interface ConnectModalController {
  readonly state: ConnectModalState
  /** False once closed. */
  readonly open: boolean
  /** Shows a state; `message` is shown in the `error` state (as text, never as HTML). */
  setState(state: ConnectModalState, options?: { readonly message?: string }): void
  /** Shows a new pairing URI (after `expired` or `error`) and returns to `waiting`. */
  refresh(uri: string): void
  /** Closes the modal (idempotent); `onClose` is called with `controller`. */
  close(): void
}
