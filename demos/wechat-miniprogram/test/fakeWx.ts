/**
 * A fake of the WeChat mini-program logic layer's `wx`, from its documentation, for tests only:
 * answers arrive asynchronously through success/fail callbacks; `wx.login` gives a new
 * single-use code per call (failure injectable); `wx.scanCode` waits for the user
 * (`camera.read(text)` / `camera.cancel()`), failing with `scanCode:fail cancel`; navigation
 * checks the page against app.json (`…:fail page "…" is not found`) and the 10-page stack;
 * randomness is `wx.getRandomValues`, asynchronous only — there is no synchronous source.
 * SOTER (docs/AUTH.md#soter-biometrics): `checkIsSupportSoterAuthentication` lists the phone's
 * modes, `checkIsSoterEnrolledInDevice` says whether one is enrolled, and
 * `startSoterAuthentication` validates its arguments as WeChat does (90003 unsupported mode,
 * 90004 challenge missing or over 512 characters, 90005 authContent over 42), fails with 90011
 * when nothing is enrolled, then waits for the user (`sensor.touch()` → a resultJSON whose `raw`
 * is the challenge, with a growing counter, signed by the test's `sign`; `sensor.cancel()` →
 * 90008; `sensor.mismatch()` → 90009).
 */
import { randomBytes } from 'node:crypto'

type Callbacks<T, E = { errMsg: string }> = { success?: (r: T) => void; fail?: (e: E) => void }

export type SoterMode = 'fingerPrint' | 'facial' | 'speech'
type SoterSuccess = {
  authMode: string
  resultJSON: string
  resultJSONSignature: string
  errCode: number
  errMsg: string
}
type SoterFailure = { errCode: number; errMsg: string }

export type SoterPhone = {
  /** Modes the phone has hardware for, and those the user enrolled. */
  supported: SoterMode[]
  enrolled: SoterMode[]
  /** Signs resultJSON with the phone's SOTER key (the test's stand-in for the TEE). */
  sign(resultJSON: string): string
}

export function fakeWx(
  pages: readonly string[],
  phone: SoterPhone = {
    supported: ['fingerPrint'],
    enrolled: ['fingerPrint'],
    sign: (json) => Buffer.from(`signed:${json}`).toString('base64'),
  },
) {
  const later = (run: () => void) => setTimeout(run, 0)
  const calls: { api: string; url?: string }[] = []
  const toasts: string[] = []
  const stack: string[] = ['pages/index/index']
  let codes = 0
  let loginFails: string | undefined
  let scan: Callbacks<{ result: string; scanType: string }> | undefined
  let soterPending:
    | ({ challenge: string; mode: string } & Callbacks<SoterSuccess, SoterFailure>)
    | undefined
  let soterCounter = 0
  const soterFail = (
    options: Callbacks<SoterSuccess, SoterFailure>,
    errCode: number,
    why: string,
  ) => {
    options.fail?.({ errCode, errMsg: `startSoterAuthentication:fail ${why}` })
    record(`startSoterAuthentication:fail ${errCode}`)
  }
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
    checkIsSupportSoterAuthentication: ({
      success,
    }: Callbacks<{ supportMode: SoterMode[]; errMsg: string }>) =>
      later(() => {
        record('checkIsSupportSoterAuthentication')
        success?.({
          supportMode: [...phone.supported],
          errMsg: 'checkIsSupportSoterAuthentication:ok',
        })
      }),
    checkIsSoterEnrolledInDevice: ({
      checkAuthMode,
      success,
      fail,
    }: { checkAuthMode: SoterMode } & Callbacks<{ isEnrolled: boolean; errMsg: string }>) =>
      later(() => {
        record('checkIsSoterEnrolledInDevice')
        if (!phone.supported.includes(checkAuthMode))
          return fail?.({ errMsg: 'checkIsSoterEnrolledInDevice:fail not support' })
        success?.({
          isEnrolled: phone.enrolled.includes(checkAuthMode),
          errMsg: 'checkIsSoterEnrolledInDevice:ok',
        })
      }),
    startSoterAuthentication: (
      options: {
        requestAuthModes: SoterMode[]
        challenge: string
        authContent?: string
      } & Callbacks<SoterSuccess, SoterFailure>,
    ) =>
      later(() => {
        const mode = options.requestAuthModes.find((m) => phone.supported.includes(m))
        if (mode === undefined) return soterFail(options, 90003, 'auth mode not support')
        if (typeof options.challenge !== 'string' || options.challenge.length === 0)
          return soterFail(options, 90004, 'challenge is empty')
        if (options.challenge.length > 512) return soterFail(options, 90004, 'challenge too long')
        if ((options.authContent ?? '').length > 42)
          return soterFail(options, 90005, 'auth content too long')
        if (!phone.enrolled.includes(mode)) return soterFail(options, 90011, 'not enrolled')
        soterPending = { ...options, mode }
        record('startSoterAuthentication')
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
    /** The user at the biometric prompt `startSoterAuthentication` opened. */
    sensor: {
      touch() {
        const pending = soterPending
        if (pending === undefined) throw new Error('no SOTER prompt is open')
        soterPending = undefined
        const resultJSON = JSON.stringify({
          raw: pending.challenge,
          fid: '2',
          counter: ++soterCounter,
          tee_n: 'TEE Fake',
          tee_v: '1.0',
          fp_n: 'Fake FP',
          fp_v: '1.0',
          cpu_id: 'fake-cpu',
          uid: '10086',
        })
        later(() =>
          pending.success?.({
            authMode: pending.mode,
            resultJSON,
            resultJSONSignature: phone.sign(resultJSON),
            errCode: 0,
            errMsg: 'startSoterAuthentication:ok',
          }),
        )
      },
      cancel() {
        const pending = soterPending
        soterPending = undefined
        if (pending !== undefined) later(() => soterFail(pending, 90008, 'user cancel'))
      },
      mismatch() {
        const pending = soterPending
        soterPending = undefined
        if (pending !== undefined) later(() => soterFail(pending, 90009, 'authenticate failed'))
      },
    },
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
