/**
 * The login exchange: POST the platform's login proof (a WeChat or Alipay code, Telegram
 * initData, an OIDC ID token) to `/v1/login/<adapter>` and get the co-signer's session token.
 * A refusal is CosignerClientError `LoginFailed` with the HTTP status and the co-signer's code.
 */
import { CosignerClientError } from './CosignerClientError.ts'

export type LoginAdapter = 'wechat' | 'alipay' | 'telegram' | 'oidc'

export interface CosignerSession {
  readonly token: string
  readonly identity: string
  /** Seconds since the epoch. */
  readonly expiresAt: number
}

export interface LoginParameters {
  /** The co-signer's base URL, e.g. `https://cosigner.example`. */
  readonly url: string
  readonly adapter: LoginAdapter
  /** The platform's proof as the adapter expects it, e.g. `{ code, dappId, deviceKey? }`. */
  readonly proof: Readonly<Record<string, unknown>>
  readonly headers?: Readonly<Record<string, string>>
  /** Defaults to the global fetch. */
  readonly fetch?: typeof fetch
}

export async function login(parameters: LoginParameters): Promise<CosignerSession> {
  const doFetch = parameters.fetch ?? fetch
  let res: Response
  try {
    res = await doFetch(`${parameters.url}/v1/login/${parameters.adapter}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...parameters.headers },
      body: JSON.stringify(parameters.proof),
    })
  } catch (cause) {
    throw new CosignerClientError('LoginFailed', `${parameters.adapter} login unreachable`, {
      cause,
      retryable: true,
    })
  }
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>
  if (res.status !== 200) {
    const error = (body.error ?? {}) as { code?: unknown; message?: unknown }
    throw new CosignerClientError(
      'LoginFailed',
      `${parameters.adapter} login failed (${res.status} ${String(error.code ?? '')}): ${String(error.message ?? '')}`,
      { status: res.status, retryable: res.status === 429 || res.status >= 500 },
    )
  }
  if (
    typeof body.token !== 'string' ||
    typeof body.identity !== 'string' ||
    typeof body.expiresAt !== 'number'
  )
    throw new CosignerClientError('BadReply', 'the login answer lacks token, identity or expiresAt')
  return { token: body.token, identity: body.identity, expiresAt: body.expiresAt }
}
