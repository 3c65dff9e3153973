/**
 * A fake of the Alipay mini-program logic layer's `my`, from its documentation, for tests only:
 * `my.getAuthCode` with `auth_base` answers a new single-use code per call and refuses other
 * scope strings it does not know; `my.scan` waits for the user (`camera.read` / `camera.cancel`,
 * error 10); `my.createWebViewContext(id)` gives a context whose `postMessage` reaches the
 * web-view at once (real-time, unlike WeChat's). Answers arrive asynchronously.
 */
type Fail = { error: number; errorMessage: string }
type Callbacks<T> = { success?: (r: T) => void; fail?: (e: Fail) => void }

export function fakeMy() {
  const later = (run: () => void) => setTimeout(run, 0)
  const toWebView: Record<string, unknown>[] = []
  const waiters: ((m: Record<string, unknown>) => void)[] = []
  let codes = 0
  let scan: Callbacks<{ code: string }> | undefined
  let scanOpened: (() => void) | undefined
  let webViewSink: ((m: Record<string, unknown>) => void) | undefined
  const my = {
    getAuthCode: ({
      scopes,
      success,
      fail,
    }: { scopes: string } & Callbacks<{ authCode: string }>) =>
      later(() => {
        if (scopes !== 'auth_base' && scopes !== 'auth_user') {
          return fail?.({ error: 2, errorMessage: 'invalid scopes' })
        }
        success?.({ authCode: `ap${String(++codes).padStart(30, '0')}` })
      }),
    scan: (options: { scanType: string[] } & Callbacks<{ code: string }>) =>
      later(() => {
        scan = options
        scanOpened?.()
      }),
    createWebViewContext: (id: string) => ({
      postMessage(message: Record<string, unknown>) {
        if (id !== 'signer') throw new Error(`no web-view with id "${id}"`)
        later(() => {
          toWebView.push(structuredClone(message))
          waiters.shift()?.(message)
          webViewSink?.(structuredClone(message))
        })
      },
    }),
  }
  return {
    my,
    toWebView,
    /** Where the page's webViewContext.postMessage goes (the web-view's `my.onMessage`). */
    connectWebView: (sink: (m: Record<string, unknown>) => void) => {
      webViewSink = sink
    },
    /** Resolves with the next message the page sends to the web-view. */
    nextToWebView: () => new Promise<Record<string, unknown>>((resolve) => waiters.push(resolve)),
    scanOpened: () =>
      new Promise<void>((resolve) => {
        scanOpened = resolve
      }),
    camera: {
      read: (text: string) => scan?.success?.({ code: text }),
      cancel: () => scan?.fail?.({ error: 10, errorMessage: '用户取消' }),
    },
  }
}
