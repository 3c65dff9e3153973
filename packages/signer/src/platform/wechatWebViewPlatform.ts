/**
 * The adapter for the signer page inside the WeChat mini-program shell's `<web-view>`
 * (demos/wechat-miniprogram): the `wx.login` code arrives in the URL fragment (`#code=…`), is
 * taken once at start-up and removed from the URL (a reload or a shared link never replays it);
 * everything else that needs the shell — a fresh code, a QR scan, returning a result — is a
 * `wx.miniProgram.navigateTo` round trip to the shell's bridge page, whose answer reaches the
 * page as its next load (`/pair#<uri>` for a scan), never as a resolved promise, because the
 * web-view's `postMessage` is not real-time. Storage is the web-view's own, which WeChat may
 * wipe: `limits.storageMayBeWiped`. Never logs the code.
 */
import { PlatformError } from '../errors.ts'
import { boundedStorage } from './boundedStorage.ts'
import type { KeyValueStorage, PlatformAdapter, StorageLimits } from './types.ts'
import type { WeChatWebViewHost } from './webViewHosts.ts'

export const WEBVIEW_LIMITS: StorageLimits = Object.freeze({
  maxValueChars: 4096 * 64,
  maxKeyChars: 128,
  secureStorageItems: 0,
  storageMayBeWiped: true,
})

export type WeChatWebViewOptions = {
  readonly host: WeChatWebViewHost
  /** The web-view's own storage (IndexedDB through `browserPlatform` in the app). */
  readonly storage: KeyValueStorage
  /** The shell page that runs `wx.login` / `wx.scanCode`; `/pages/bridge/bridge` by default. */
  readonly bridgePage?: string
  readonly crypto?: Pick<Crypto, 'getRandomValues'>
}

export type WeChatWebViewPlatform = PlatformAdapter & {
  readonly platform: 'wechat'
  /** Asks the shell to run an action (a result, a second factor) with string parameters. */
  toShell(action: string, params?: Record<string, string>): Promise<void>
}

/** Takes `#code=…` out of the current URL, once. */
function takeCode(host: WeChatWebViewHost): string | undefined {
  const url = new URL(host.location.href)
  const match = /^#code=([A-Za-z0-9_-]{1,128})$/.exec(url.hash)
  if (match === null) return undefined
  url.hash = ''
  host.history.replaceState(null, '', url.href.replace(/#$/, ''))
  return match[1]
}

export function wechatWebViewPlatform(options: WeChatWebViewOptions): WeChatWebViewPlatform {
  const { host } = options
  const random = options.crypto ?? globalThis.crypto
  const bridgePage = options.bridgePage ?? '/pages/bridge/bridge'
  let code = takeCode(host)

  const toShell = (action: string, params: Record<string, string> = {}) =>
    new Promise<void>((resolve, reject) => {
      const query = new URLSearchParams({ action, ...params }).toString()
      host.miniProgram.navigateTo({
        url: `${bridgePage}?${query}`,
        success: () => resolve(),
        fail: (error) =>
          reject(new PlatformError('HostFailed', `wx.miniProgram.navigateTo: ${error.errMsg}`)),
      })
    })
  const roundTrip = async (action: string, what: string): Promise<never> => {
    await toShell(action)
    throw new PlatformError('RoundTrip', `${what} continues in the WeChat shell`, {
      details: 'the answer arrives when the shell reopens this page',
    })
  }

  return {
    platform: 'wechat',
    limits: WEBVIEW_LIMITS,
    storage: boundedStorage(options.storage, WEBVIEW_LIMITS),
    toShell,
    async randomBytes(length) {
      if (!Number.isSafeInteger(length) || length < 1 || length > 65536) {
        throw new RangeError('"length" expected an integer in [1, 65536]')
      }
      return random.getRandomValues(new Uint8Array(length))
    },
    async loginProof() {
      if (code !== undefined) {
        const single = code
        code = undefined
        return { kind: 'wechat', code: single }
      }
      return roundTrip('login', 'login')
    },
    async openLink(url) {
      throw new PlatformError(
        'Unsupported',
        `a WeChat mini-program cannot open ${new URL(url).protocol} links outside its business domains`,
        { details: 'copy the link and open it in a browser' },
      )
    },
    scan: () => roundTrip('scan', 'scanning'),
    haptic() {
      // The web-view has no haptics API; the shell gives feedback on its own pages.
    },
  }
}
