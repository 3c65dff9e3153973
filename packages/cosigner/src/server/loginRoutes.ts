/**
 * Login endpoints, one per adapter (docs/AUTH.md): each validates its input, runs the platform
 * check (single-use tokens through the single-flight exchange), records the identity and an
 * audit entry, and answers with our session JWT. Platform secrets and tokens (session_key,
 * access tokens, codes, initData) never appear in answers or logs.
 */
import type { IncomingMessage } from 'node:http'
import { decodeJwt } from 'jose'
import { appendAudit } from '../audit/auditLog.ts'
import { CosignerError } from '../errors.ts'
import { issueSessionToken } from '../jwt/sessionToken.ts'
import type { LoginIdentity } from '../login/identity.ts'
import { verifyTelegramInitData } from '../login/telegramInitData.ts'
import { upsertIdentity } from '../storage/identities.ts'
import { DAPP_ID, deviceKeyField, readJsonObject, stringField } from './body.ts'
import type { CosignerContext } from './context.ts'

const CODE = /^[A-Za-z0-9_-]{1,128}$/
/** The OIDC verifier's default clock skew: a token is accepted up to this long past `exp`. */
const OIDC_SKEW_MS = 60_000

export interface LoginAnswer {
  token: string
  tokenType: 'Bearer'
  expiresAt: number
  identity: string
}

async function completeLogin(
  ctx: CosignerContext,
  login: LoginIdentity & { openid?: string },
  dappId: string,
  deviceKey: string | undefined,
): Promise<LoginAnswer> {
  const now = ctx.now()
  await upsertIdentity(ctx.db, login.identity, login.provider, now)
  await appendAudit(
    ctx.db,
    {
      identity: login.identity,
      dappId,
      kind: 'login',
      data: { provider: login.provider, deviceKeyBound: deviceKey !== undefined },
    },
    now,
  )
  const { token, expiresAt } = await issueSessionToken(
    ctx.signingKey,
    {
      sub: login.identity,
      dapp: dappId,
      amr: login.provider,
      ...(deviceKey === undefined ? {} : { cnf: { x25519: deviceKey } }),
      ...(login.provider === 'wechat' && login.openid !== undefined
        ? { openid: login.openid }
        : {}),
    },
    {
      issuer: ctx.publicUrl,
      audience: ctx.publicUrl,
      ttlSec: ctx.config.sessionTtlSec,
      now: ctx.now,
    },
  )
  ctx.log.info('login', { provider: login.provider, identity: login.identity, dapp: dappId })
  return { token, tokenType: 'Bearer', expiresAt, identity: login.identity }
}

const disabled = (what: string) =>
  new CosignerError('NotFound', `${what} login is not configured on this co-signer`)

export async function loginWeChat(
  ctx: CosignerContext,
  req: IncomingMessage,
): Promise<LoginAnswer> {
  const client = ctx.logins.wechat
  if (client === undefined) throw disabled('WeChat')
  const body = await readJsonObject(req, ctx.config.maxBodyBytes)
  const code = stringField(body, 'code', CODE)
  const dappId = stringField(body, 'dappId', DAPP_ID)
  const deviceKey = deviceKeyField(body)
  // docs/AUTH.md#wechat-mini-program: codes are single use for 5 minutes; a code submitted twice is
  // single-flighted.
  const login = await ctx.exchange(
    { provider: 'wechat', scope: client.appId, token: code, ttlMs: 5 * 60_000 },
    () => client.exchange(code),
  )
  return completeLogin(ctx, login, dappId, deviceKey)
}

export async function loginAlipay(
  ctx: CosignerContext,
  req: IncomingMessage,
): Promise<LoginAnswer> {
  const client = ctx.logins.alipay
  if (client === undefined) throw disabled('Alipay')
  const body = await readJsonObject(req, ctx.config.maxBodyBytes)
  const authCode = stringField(body, 'authCode', CODE)
  const dappId = stringField(body, 'dappId', DAPP_ID)
  const deviceKey = deviceKeyField(body)
  const login = await ctx.exchange(
    { provider: 'alipay', scope: client.appId, token: authCode, ttlMs: 10 * 60_000 },
    () => client.exchange(authCode),
  )
  return completeLogin(ctx, login, dappId, deviceKey)
}

export async function loginTelegram(
  ctx: CosignerContext,
  req: IncomingMessage,
): Promise<LoginAnswer> {
  const check = ctx.logins.telegram
  if (check === undefined) throw disabled('Telegram')
  // docs/AUTH.md#telegram-mini-app: initData is sent verbatim as `Authorization: tma <initData>`.
  const auth = req.headers.authorization ?? ''
  if (!auth.startsWith('tma '))
    throw new CosignerError('Unauthorized', 'Authorization must be "tma <initData>"')
  const body = await readJsonObject(req, ctx.config.maxBodyBytes)
  const dappId = stringField(body, 'dappId', DAPP_ID)
  const deviceKey = deviceKeyField(body)
  const login = verifyTelegramInitData(auth.slice(4), {
    check,
    now: ctx.now,
    maxAgeSec: ctx.config.telegramMaxAgeSec,
  })
  return completeLogin(ctx, login, dappId, deviceKey)
}

export async function loginOidc(ctx: CosignerContext, req: IncomingMessage): Promise<LoginAnswer> {
  if (ctx.logins.oidc.size === 0) throw disabled('OIDC')
  const body = await readJsonObject(req, ctx.config.maxBodyBytes)
  const idToken = stringField(body, 'idToken', /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/)
  const dappId = stringField(body, 'dappId', DAPP_ID)
  const nonce = stringField(body, 'nonce', /^[\x21-\x7e]{1,256}$/, true)
  const deviceKey = deviceKeyField(body)
  let issuer: unknown
  try {
    issuer = decodeJwt(idToken).iss
  } catch {
    throw new CosignerError('LoginFailed', 'OIDC ID token rejected: malformed token')
  }
  // Only selects which configured issuer verifies the token; nothing else is trusted yet.
  const verifier = typeof issuer === 'string' ? ctx.logins.oidc.get(issuer) : undefined
  if (verifier === undefined)
    throw new CosignerError(
      'LoginFailed',
      'OIDC ID token rejected: issuer not accepted by this co-signer',
    )
  // Verify first (no state changes), then claim the login once, keyed on the verified claims and
  // kept until the token itself expires (plus the verifier's clock skew).
  const verified = await verifier.verify(idToken, nonce === undefined ? {} : { nonce })
  const login = await ctx.exchange(
    {
      provider: 'oidc',
      scope: verifier.issuer,
      token: verified.replayKey,
      ttlMs: Math.max(0, verified.expiresAt - ctx.now()) + OIDC_SKEW_MS,
    },
    async () => verified,
  )
  return completeLogin(ctx, login, dappId, deviceKey)
}
