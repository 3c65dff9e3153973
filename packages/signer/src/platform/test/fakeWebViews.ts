/**
 * Fakes of what the signer page sees inside the WeChat and Alipay mini-program web-views, for
 * tests only, built from their JS-SDK documentation:
 * - WeChat `wx.miniProgram.navigateTo` answers asynchronously, fails for a page the shell does not
 *   declare (`navigateTo:fail page "…" is not found`) and beyond 10 stacked pages
 *   (`navigateTo:fail webview count limit exceed`); `postMessage` is delivered only when the page
 *   is left (`leave()`), never at once; `history.replaceState` keeps the origin or throws.
 * - Alipay `my.postMessage` reaches the shell's `onMessage` handler and the shell's
 *   `webViewContext.postMessage` reaches `my.onMessage`, both asynchronously but at once; a
 *   message sent while `my.onMessage` is unset is lost.
 * - The web-view's storage can be wiped (WeChat logout): `wipe()`.
 * - The shell answers a round trip by reopening the web-view at a new URL (`reopen(url)`, as its
 *   `wx.reLaunch` of the page holding the web-view does): the page loads afresh there.
 */
import type { KeyValueStorage } from '../types.ts'
import type { AlipayWebViewBridge, WeChatWebViewHost } from '../webViewHosts.ts'

const later = (run: () => void) => setTimeout(run, 0)

export function fakeWebViewStorage() {
  const map = new Map<string, string>()
  const storage: KeyValueStorage = {
    get: async (key) => map.get(key),
    set: async (key, value) => void map.set(key, value),
    delete: async (key) => void map.delete(key),
  }
  return { storage, map, wipe: () => map.clear() }
}

export function fakeWeChatWebView(url: string, pages: readonly string[]) {
  let href = url
  const navigations: string[] = []
  const queued: unknown[] = []
  const delivered: unknown[] = []
  const host: WeChatWebViewHost & { miniProgram: { postMessage(o: { data: unknown }): void } } = {
    location: {
      get href() {
        return href
      },
    },
    history: {
      replaceState(_data, _unused, next) {
        if (new URL(next, href).origin !== new URL(href).origin) {
          throw new Error('SecurityError: replaceState to another origin')
        }
        href = new URL(next, href).href
      },
    },
    miniProgram: {
      navigateTo({ url: target, success, fail }) {
        later(() => {
          const page = target.split('?')[0]?.replace(/^\//, '') ?? ''
          if (!pages.includes(page))
            return fail?.({ errMsg: `navigateTo:fail page "${page}" is not found` })
          if (navigations.length >= 9)
            return fail?.({ errMsg: 'navigateTo:fail webview count limit exceed' })
          navigations.push(target)
          success?.()
        })
      },
      postMessage: ({ data }) => void queued.push(data),
    },
  }
  return {
    host,
    navigations,
    delivered,
    get href() {
      return href
    },
    /** The shell reloads the web-view at `url` (a new page load: adapters are created again). */
    reopen(url: string) {
      href = new URL(url).href
      navigations.splice(0)
    },
    /** The user leaves the page: only now does the shell get the queued postMessage data. */
    leave: () => void delivered.push(...queued.splice(0)),
  }
}

export function fakeAlipayWebView(shell: (message: Record<string, unknown>) => void) {
  const sent: Record<string, unknown>[] = []
  const my: AlipayWebViewBridge = {
    postMessage(message) {
      sent.push(message)
      later(() => shell(structuredClone(message)))
    },
  }
  return {
    my,
    sent,
    /** The shell's `webViewContext.postMessage`. */
    reply(message: Record<string, unknown>) {
      later(() => my.onMessage?.(structuredClone(message)))
    },
  }
}
