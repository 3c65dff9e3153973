/**
 * The adapter for the signer page inside the WeChat mini-program shell's `<web-view>`
 * (demos/wechat-miniprogram): the `wx.login` code arrives in the URL fragment (`#code=…`), is
 * taken once at start-up and removed from the URL (a reload or a shared link never replays it);
 * everything else that needs the shell — a fresh code, a QR scan, returning a result — is a
 * `wx.miniProgram.navigateTo` round trip to the shell's bridge page, whose answer reaches the
 * page as its next load (`/pair#<uri>` for a scan), never as a resolved promise, because the
 * web-view's `postMessage` is not real-time. Storage is the web-view's own, which WeChat may
 * wipe: `limits.storageMayBeWiped`. Never logs the code.
 *
 * SOTER biometrics (docs/AUTH.md#soter-biometrics): `soter.request` sends the co-signer's
 * challenge to the shell's bridge page, which runs `wx.startSoterAuthentication` and reopens
 * this page with `#code=…&soter=<JSON>`; `soter.take()` then returns that answer once (resultJSON
 * and resultJSONSignature for the co-signer's `/v1/soter/verify`, or WeChat's errCode).
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

/** What the shell's SOTER round trip brought back for one purpose. */
export type SoterAnswer =
  | {
      readonly purpose: string
      readonly resultJSON: string
      readonly resultJSONSignature: string
    }
  | {
      readonly purpose: string
      /** WeChat's errCode: 90008 user cancelled, 90009 not recognised, 90011 none enrolled, … */
      readonly errCode: number
      readonly errMsg: string
    }

export type SoterRequest = {
  /** The co-signer's challenge (`POST /v1/soter/challenge`). */
  readonly challenge: string
  /** What it authorizes: `digest:<64 hex>` or `action:<name>`. */
  readonly purpose: string
  /** The prompt WeChat shows (at most 42 characters). */
  readonly authContent?: string
  readonly modes?: readonly ('fingerPrint' | 'facial')[]
}

export type WeChatWebViewPlatform = PlatformAdapter & {
  readonly platform: 'wechat'
  /** Asks the shell to run an action (a result, a second factor) with string parameters. */
  toShell(action: string, params?: Record<string, string>): Promise<void>
  /** SOTER biometrics through the shell: a round trip, answered on the page's next load. */
  readonly soter: {
    request(request: SoterRequest): Promise<never>
    /** The answer this load brought, once; undefined when there is none. */
    take(): SoterAnswer | undefined
  }
}

const PURPOSE = /^(digest:[0-9a-f]{64}|action:[a-z][A-Za-z0-9_-]{0,63})$/

function parseSoter(text: string | null): SoterAnswer | undefined {
  if (text === null || text.length > 8192) return undefined
  let value: Record<string, unknown>
  try {
    value = JSON.parse(text) as Record<string, unknown>
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null || typeof value.purpose !== 'string')
    return undefined
  if (!PURPOSE.test(value.purpose)) return undefined
  if (typeof value.resultJSON === 'string' && typeof value.resultJSONSignature === 'string')
    return {
      purpose: value.purpose,
      resultJSON: value.resultJSON,
      resultJSONSignature: value.resultJSONSignature,
    }
  if (typeof value.errCode === 'number')
    return {
      purpose: value.purpose,
      errCode: value.errCode,
      errMsg: typeof value.errMsg === 'string' ? value.errMsg.slice(0, 200) : '',
    }
  return undefined
}

/** Takes `#code=…` (and a SOTER answer beside it) out of the current URL, once. */
function takeFragment(host: WeChatWebViewHost): { code?: string; soter?: SoterAnswer } {
  const url = new URL(host.location.href)
  if (!url.hash.startsWith('#code=')) return {}
  const params = new URLSearchParams(url.hash.slice(1))
  const code = params.get('code') ?? ''
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(code)) return {}
  if ([...params.keys()].some((k) => k !== 'code' && k !== 'soter')) return {}
  url.hash = ''
  host.history.replaceState(null, '', url.href.replace(/#$/, ''))
  const soter = parseSoter(params.get('soter'))
  return soter === undefined ? { code } : { code, soter }
}

export function wechatWebViewPlatform(options: WeChatWebViewOptions): WeChatWebViewPlatform {
  const { host } = options
  const random = options.crypto ?? globalThis.crypto
  const bridgePage = options.bridgePage ?? '/pages/bridge/bridge'
  const fragment = takeFragment(host)
  let code = fragment.code
  let soterAnswer = fragment.soter

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
  const roundTrip = async (
    action: string,
    what: string,
    params?: Record<string, string>,
  ): Promise<never> => {
    await toShell(action, params)
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
    soter: {
      request(request) {
        if (!/^[A-Za-z0-9_-]{16,512}$/.test(request.challenge))
          return Promise.reject(new RangeError('"challenge" expected 16..512 base64url characters'))
        if (!PURPOSE.test(request.purpose))
          return Promise.reject(
            new RangeError('"purpose" expected digest:<64 hex> or action:<name>'),
          )
        return roundTrip('soter', 'biometric confirmation', {
          challenge: request.challenge,
          purpose: request.purpose,
          ...(request.authContent === undefined
            ? {}
            : { content: request.authContent.slice(0, 42) }),
          ...(request.modes === undefined ? {} : { modes: request.modes.join(',') }),
        })
      },
      take() {
        const answer = soterAnswer
        soterAnswer = undefined
        return answer
      },
    },
    haptic() {
      // The web-view has no haptics API; the shell gives feedback on its own pages.
    },
  }
}
