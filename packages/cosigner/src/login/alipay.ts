/**
 * Alipay mini-program login (docs/AUTH.md#alipay-mini-program): `POST {base}/gateway.do` with
 * `alipay.system.oauth.token`, RSA2-signed with the app private key; the answer's `sign` is
 * verified with the Alipay public key over the raw `*_response` substring before the content is
 * trusted. Errors arrive with HTTP 200 as `error_response`. Tokens in the answer
 * (`access_token`, `refresh_token`) are dropped here and never logged or returned.
 */
import type { KeyObject } from 'node:crypto'
import { CosignerError } from '../errors.ts'
import { rawJsonMember, signAlipayParams, verifyRsa2 } from './alipaySign.ts'
import { type FetchLike, fetchText } from './fetchText.ts'
import { alipayIdentity, type LoginIdentity } from './identity.ts'

export interface AlipayOptions {
  baseUrl: string
  appId: string
  appPrivateKey: KeyObject | string
  alipayPublicKey: KeyObject | string
  now: () => number
  fetch?: FetchLike
  timeoutMs?: number
}

export interface AlipayLogin extends LoginIdentity {
  userId: string | undefined
  openId: string | undefined
}

const METHOD = 'alipay.system.oauth.token'
const SUCCESS = 'alipay_system_oauth_token_response'
const CODE = /^[A-Za-z0-9_-]{1,128}$/

/** `yyyy-MM-dd HH:mm:ss` in Beijing time (UTC+8), as the gateway expects. */
export function alipayTimestamp(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')
}

function errorFor(code: string, subCode: string): CosignerError {
  const platformCode = subCode === '' ? code : `${code}/${subCode}`
  const label = `Alipay error ${platformCode}`
  if (code === '20000') {
    return new CosignerError('LoginUnavailable', `${label}: service unavailable, retry later`, {
      platformCode,
      retryable: true,
    })
  }
  if (code === '40002' && (subCode === 'isv.code-invalid' || subCode === 'isv.auth-code-invalid')) {
    return new CosignerError('LoginFailed', `${label}: auth code invalid, expired or used`, {
      platformCode,
    })
  }
  if (code === '20001' || code === '40001' || code === '40002' || code === '40006') {
    return new CosignerError(
      'Misconfigured',
      `${label}: the gateway rejected the co-signer's request`,
      { platformCode },
    )
  }
  return new CosignerError('LoginFailed', `${label}: login failed`, { platformCode })
}

export function createAlipayClient(options: AlipayOptions) {
  const fetch = options.fetch ?? globalThis.fetch
  return {
    appId: options.appId,
    async exchange(authCode: string): Promise<AlipayLogin> {
      if (!CODE.test(authCode))
        throw new CosignerError('BadRequest', 'Alipay auth code has an unexpected format')
      const params: Record<string, string> = {
        app_id: options.appId,
        method: METHOD,
        format: 'JSON',
        charset: 'utf-8',
        sign_type: 'RSA2',
        timestamp: alipayTimestamp(options.now()),
        version: '1.0',
        grant_type: 'authorization_code',
        code: authCode,
      }
      params.sign = signAlipayParams(params, options.appPrivateKey)
      const { status, text } = await fetchText(
        fetch,
        new URL('/gateway.do', options.baseUrl).toString(),
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded;charset=utf-8' },
          body: new URLSearchParams(params).toString(),
        },
        { platform: 'Alipay', timeoutMs: options.timeoutMs ?? 5000 },
      )
      if (status !== 200) {
        throw new CosignerError('LoginUnavailable', `Alipay answered HTTP ${status}`, {
          retryable: true,
        })
      }
      let body: { sign?: unknown }
      try {
        body = JSON.parse(text) as { sign?: unknown }
      } catch (error) {
        throw new CosignerError(
          'LoginUnavailable',
          'Alipay answered with a body that is not JSON',
          { cause: error },
        )
      }
      const successRaw = rawJsonMember(text, SUCCESS)
      const errorRaw = rawJsonMember(text, 'error_response')
      const raw = successRaw ?? errorRaw
      if (raw === undefined) {
        throw new CosignerError(
          'LoginUnavailable',
          `Alipay answer has neither ${SUCCESS} nor error_response`,
        )
      }
      const signed =
        typeof body.sign === 'string' && verifyRsa2(raw, body.sign, options.alipayPublicKey)
      const content = JSON.parse(raw) as Record<string, unknown>
      // docs/AUTH.md#alipay-mini-program: numbers travel as strings; some errors (e.g. our
      // signature refused) may come unsigned: an unsigned answer can only ever be a failure.
      if (successRaw === undefined || (content.code !== undefined && content.code !== '10000')) {
        const code = typeof content.code === 'string' ? content.code : '?'
        const subCode = typeof content.sub_code === 'string' ? content.sub_code : ''
        throw errorFor(code, subCode)
      }
      if (!signed) {
        throw new CosignerError(
          'LoginFailed',
          'Alipay answer signature does not verify with the Alipay public key',
        )
      }
      const userId =
        typeof content.user_id === 'string' && content.user_id !== '' ? content.user_id : undefined
      const openId =
        typeof content.open_id === 'string' && content.open_id !== '' ? content.open_id : undefined
      const id = openId ?? userId
      if (id === undefined)
        throw new CosignerError('LoginUnavailable', 'Alipay answer has neither open_id nor user_id')
      // docs/AUTH.md#identities: identity is open_id when the app uses open ids, else user_id.
      return { ...alipayIdentity(options.appId, id), userId, openId }
    },
  }
}

export type AlipayClient = ReturnType<typeof createAlipayClient>
