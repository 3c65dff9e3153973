/**
 * A fake of the WeChat mini-program logic layer's `wx`, from its documentation, for tests only:
 * answers arrive asynchronously through success/fail callbacks; `wx.login` gives a new
 * single-use code per call (failure injectable); `wx.scanCode` waits for the user
 * (`camera.read(text)` / `camera.cancel()`), failing with `scanCode:fail cancel`; navigation
 * checks the page against app.json (`…:fail page "…" is not found`) and the 10-page stack;
 * randomness is `wx.getRandomValues`, asynchronous only — there is no synchronous source.
 */
import { randomBytes } from 'node:crypto'

type Callbacks<T> = { success?: (r: T) => void; fail?: (e: { errMsg: string }) => void }

export function fakeWx(pages: readonly string[]) {
  const later = (run: () => void) => setTimeout(run, 0)
  const calls: { api: string; url?: string }[] = []
  const toasts: string[] = []
  const stack: string[] = ['pages/index/index']
  let codes = 0
  let loginFails: string | undefined
  let scan: Callbacks<{ result: string; scanType: string }> | undefined
  const listeners = new Set<(api: string) => void>()
  const record = (api: string, url?: string) => {
    calls.push(url === undefined ? { api } : { api, url })
    for (const listener of listeners) listener(api)
  }
  const navigate =
    (api: 'navigateTo' | 'reLaunch' | 'redirectTo') =>
    ({ url, success, fail }: { url: string } & Callbacks<undefined>) =>
      later(() => {
        const page = url.replace(/^\//, '').split('?')[0] ?? ''
        if (!pages.includes(page))
          return fail?.({ errMsg: `${api}:fail page "${page}" is not found` })
        if (api === 'navigateTo' && stack.length >= 10) {
          return fail?.({ errMsg: 'navigateTo:fail webview count limit exceed' })
        }
        if (api === 'reLaunch') stack.splice(0)
        if (api === 'redirectTo') stack.pop()
        stack.push(page)
        record(api, url)
        success?.(undefined)
      })

  const wx = {
    login: ({ success, fail }: Callbacks<{ code: string; errMsg: string }>) =>
      later(() => {
        if (loginFails !== undefined) {
          fail?.({ errMsg: `login:fail ${loginFails}` })
          return record('login:fail')
        }
        record('login')
        success?.({ code: `0a1B${String(++codes).padStart(28, '0')}`, errMsg: 'login:ok' })
      }),
    scanCode: (options: Callbacks<{ result: string; scanType: string }>) =>
      later(() => {
        scan = options
        record('scanCode')
      }),
    navigateTo: navigate('navigateTo'),
    reLaunch: navigate('reLaunch'),
    redirectTo: navigate('redirectTo'),
    navigateBack: () =>
      later(() => {
        if (stack.length > 1) stack.pop()
        record('navigateBack')
      }),
    showToast: ({ title }: { title: string }) => void toasts.push(title),
    getRandomValues: ({
      length,
      success,
    }: { length: number } & Callbacks<{ randomValues: ArrayBuffer }>) =>
      later(() => success?.({ randomValues: new Uint8Array(randomBytes(length)).buffer })),
  }
  return {
    wx,
    calls,
    toasts,
    stack,
    failLogin: (reason: string) => {
      loginFails = reason
    },
    /** Resolves at the next call of `api`. */
    next: (api: string) =>
      new Promise<void>((resolve) => {
        const listener = (called: string) => {
          if (called !== api) return
          listeners.delete(listener)
          resolve()
        }
        listeners.add(listener)
      }),
    camera: {
      read(text: string) {
        scan?.success?.({ result: text, scanType: 'QR_CODE' })
      },
      cancel() {
        scan?.fail?.({ errMsg: 'scanCode:fail cancel' })
      },
    },
  }
}
