/**
 * WeChat mini-program login (docs/AUTH.md#wechat-mini-program): `GET {base}/sns/jscode2session`.
 * WeChat answers HTTP 200 with `Content-Type: text/plain` for success and errors alike, so the
 * body is parsed as JSON whatever the content type. `session_key` is checked for presence and
 * then dropped here: it never leaves this function, is never logged and never reaches a client.
 */
import { CosignerError } from '../errors.ts'
import { type FetchLike, fetchText } from './fetchText.ts'
import { type LoginIdentity, wechatIdentity } from './identity.ts'

export interface WeChatOptions {
  baseUrl: string
  appId: string
  secret: string
  fetch?: FetchLike
  timeoutMs?: number
  /** Extra attempts on errcode -1 (system busy). */
  busyRetries?: number
  /** Pause before a retry; tests pass an immediate one. */
  delay?: (ms: number) => Promise<void>
  /** Clock for the access token's lifetime. */
  now?: () => number
}

/** What `wx.startSoterAuthentication` hands the mini-program on success. */
export interface SoterResult {
  resultJSON: string
  resultJSONSignature: string
}

export interface WeChatLogin extends LoginIdentity {
  openid: string
  unionid: string | undefined
}

const ID = /^[A-Za-z0-9_-]{1,128}$/
const CODE = /^[A-Za-z0-9_-]{1,128}$/

/** docs/AUTH.md#wechat-mini-program: errcodes and what they mean for the caller. */
function errcodeError(errcode: number): CosignerError {
  const platformCode = String(errcode)
  switch (errcode) {
    case -1:
      return new CosignerError('LoginUnavailable', 'WeChat is busy (errcode -1); retry later', {
        platformCode,
        retryable: true,
      })
    case 40029:
      return new CosignerError(
        'LoginFailed',
        'WeChat login code is invalid or expired (errcode 40029)',
        { platformCode },
      )
    case 40163:
      return new CosignerError(
        'CodeReplayed',
        'WeChat login code was already used (errcode 40163)',
        { platformCode },
      )
    case 40226:
      return new CosignerError(
        'LoginBlocked',
        'WeChat blocked this high-risk user (errcode 40226)',
        { platformCode },
      )
    case 45011:
      return new CosignerError('RateLimited', 'WeChat login rate limit reached (errcode 45011)', {
        platformCode,
        retryable: true,
      })
    case 40013:
    case 40125:
    case 41002:
    case 41004:
    case 41008:
      return new CosignerError(
        'Misconfigured',
        `WeChat rejected the co-signer's request (errcode ${errcode}): check appid and secret`,
        { platformCode },
      )
    default:
      return new CosignerError('LoginFailed', `WeChat login failed (errcode ${errcode})`, {
        platformCode,
      })
  }
}

export function createWeChatClient(options: WeChatOptions) {
  const fetch = options.fetch ?? globalThis.fetch
  const delay = options.delay ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const busyRetries = options.busyRetries ?? 2

  async function once(code: string): Promise<WeChatLogin> {
    const url = new URL('/sns/jscode2session', options.baseUrl)
    url.searchParams.set('appid', options.appId)
    url.searchParams.set('secret', options.secret)
    url.searchParams.set('js_code', code)
    url.searchParams.set('grant_type', 'authorization_code')
    const { status, text } = await fetchText(
      fetch,
      url.toString(),
      { method: 'GET' },
      {
        platform: 'WeChat',
        timeoutMs: options.timeoutMs ?? 5000,
      },
    )
    if (status !== 200) {
      throw new CosignerError('LoginUnavailable', `WeChat answered HTTP ${status}`, {
        retryable: true,
      })
    }
    let body: Record<string, unknown>
    try {
      body = JSON.parse(text) as Record<string, unknown>
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        throw new Error('not an object')
    } catch (error) {
      throw new CosignerError(
        'LoginUnavailable',
        'WeChat answered with a body that is not a JSON object',
        { cause: error },
      )
    }
    const errcode = body.errcode
    if (errcode !== undefined && errcode !== 0) {
      if (typeof errcode !== 'number')
        throw new CosignerError('LoginUnavailable', 'WeChat errcode is not a number')
      throw errcodeError(errcode)
    }
    const { openid, unionid, session_key } = body
    if (typeof openid !== 'string' || !ID.test(openid)) {
      throw new CosignerError('LoginUnavailable', 'WeChat answer lacks a well-formed openid')
    }
    if (unionid !== undefined && (typeof unionid !== 'string' || !ID.test(unionid))) {
      throw new CosignerError('LoginUnavailable', 'WeChat answer has a malformed unionid')
    }
    if (typeof session_key !== 'string' || session_key.length === 0) {
      throw new CosignerError('LoginUnavailable', 'WeChat answer lacks session_key')
    }
    // docs/AUTH.md#identities: identity is the unionid when bound to an Open Platform account, else
    // the openid.
    return {
      ...wechatIdentity(options.appId, (unionid as string | undefined) ?? openid),
      openid,
      unionid: unionid as string | undefined,
    }
  }

  // docs/AUTH.md#soter-biometrics: the server APIs take an access token (`/cgi-bin/token`), cached
  // until shortly before it expires and fetched again when WeChat calls it invalid (40001/42001).
  let token: { value: string; expiresAt: number } | undefined
  let tokenFetch: Promise<string> | undefined
  const clock = options.now ?? Date.now

  async function getJson(url: string, init: RequestInit): Promise<Record<string, unknown>> {
    const { status, text } = await fetchText(fetch, url, init, {
      platform: 'WeChat',
      timeoutMs: options.timeoutMs ?? 5000,
    })
    if (status !== 200) {
      throw new CosignerError('LoginUnavailable', `WeChat answered HTTP ${status}`, {
        retryable: true,
      })
    }
    try {
      const body = JSON.parse(text) as unknown
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        throw new Error('not an object')
      return body as Record<string, unknown>
    } catch (error) {
      throw new CosignerError(
        'LoginUnavailable',
        'WeChat answered with a body that is not a JSON object',
        { cause: error },
      )
    }
  }

  async function accessToken(): Promise<string> {
    if (token !== undefined && clock() < token.expiresAt) return token.value
    tokenFetch ??= (async () => {
      const url = new URL('/cgi-bin/token', options.baseUrl)
      url.searchParams.set('grant_type', 'client_credential')
      url.searchParams.set('appid', options.appId)
      url.searchParams.set('secret', options.secret)
      const body = await getJson(url.toString(), { method: 'GET' })
      if (body.errcode !== undefined && body.errcode !== 0) {
        throw errcodeError(typeof body.errcode === 'number' ? body.errcode : -1)
      }
      const { access_token, expires_in } = body
      if (typeof access_token !== 'string' || access_token.length === 0)
        throw new CosignerError('LoginUnavailable', 'WeChat answer lacks access_token')
      const ttlSec = typeof expires_in === 'number' && expires_in > 0 ? expires_in : 7200
      // Refresh five minutes early (at most half the lifetime), so no call races the expiry.
      token = {
        value: access_token,
        expiresAt: clock() + ttlSec * 1000 - Math.min(300_000, (ttlSec * 1000) / 2),
      }
      return access_token
    })().finally(() => {
      tokenFetch = undefined
    })
    return tokenFetch
  }

  async function verifySoterOnce(args: SoterResult & { openid: string }): Promise<boolean> {
    const url = new URL('/cgi-bin/soter/verify_signature', options.baseUrl)
    url.searchParams.set('access_token', await accessToken())
    const body = await getJson(url.toString(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        openid: args.openid,
        json_string: args.resultJSON,
        json_signature: args.resultJSONSignature,
      }),
    })
    const errcode = body.errcode
    if (errcode === 40001 || errcode === 42001) {
      token = undefined
      throw new CosignerError('LoginUnavailable', `WeChat access token refused (${errcode})`, {
        platformCode: String(errcode),
        retryable: true,
      })
    }
    if (errcode !== undefined && errcode !== 0) {
      if (typeof errcode !== 'number')
        throw new CosignerError('LoginUnavailable', 'WeChat errcode is not a number')
      if (errcode === -1) throw errcodeError(-1)
      // Anything else (bad openid, malformed json_string or signature) is a failed verification.
      return false
    }
    return body.is_ok === true
  }

  return {
    appId: options.appId,
    /**
     * `POST /cgi-bin/soter/verify_signature` (docs/AUTH.md#soter-biometrics): true only when
     * WeChat answers `is_ok: true` for this openid's SOTER key. A refused access token is
     * fetched again once.
     */
    async verifySoter(args: SoterResult & { openid: string }): Promise<boolean> {
      try {
        return await verifySoterOnce(args)
      } catch (error) {
        const stale =
          error instanceof CosignerError &&
          (error.platformCode === '40001' || error.platformCode === '42001')
        if (!stale) throw error
        return verifySoterOnce(args)
      }
    },
    async exchange(code: string): Promise<WeChatLogin> {
      if (!CODE.test(code))
        throw new CosignerError('BadRequest', 'WeChat code has an unexpected format')
      for (let attempt = 0; ; attempt++) {
        try {
          return await once(code)
        } catch (error) {
          const busy = error instanceof CosignerError && error.platformCode === '-1'
          if (!busy || attempt >= busyRetries) throw error
          await delay(100 * 2 ** attempt)
        }
      }
    },
  }
}

export type WeChatClient = ReturnType<typeof createWeChatClient>
