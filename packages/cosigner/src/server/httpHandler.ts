/**
 * The co-signer's route table for the server kit's `serve` (which adds `/health`, `/metrics`,
 * 404 and 405). Public: JWKS, status. Login: one endpoint per adapter, limited per client
 * address. Session: audit, keys, session. Admin: policies. Each handler returns a JSON value or
 * throws a CosignerError, answered with its code and status. Counts logins by provider and
 * outcome; never logs headers or bodies.
 */
import type { IncomingMessage } from 'node:http'
import { base64urlnopad } from '@scure/base'
import { COSIGNER_CHANNEL_RULES } from '@tessera/protocol/cosigner'
import { type Route as KitRoute, sendJson } from '@tessera/server-kit'
import { adminPolicy } from './adminRoutes.ts'
import type { CosignerContext } from './context.ts'
import { loginAlipay, loginOidc, loginTelegram, loginWeChat } from './loginRoutes.ts'
import { sendError } from './respond.ts'
import { backupEnvelope, getAudit, getKeys, getSession } from './sessionRoutes.ts'
import { soterChallenge, soterVerify } from './soterRoutes.ts'

type Handler = (
  ctx: CosignerContext,
  req: IncomingMessage,
  url: URL,
  params: string[],
  ip: string,
) => Promise<unknown>

interface Route {
  method: string | string[]
  path: RegExp
  label: string
  handler: Handler
}

export const VERSION = '0.1.0'

const ROUTES: Route[] = [
  {
    method: 'GET',
    path: /^\/\.well-known\/jwks\.json$/,
    label: 'jwks',
    handler: (ctx) => ctx.publicKeys.jwks(),
  },
  {
    method: 'GET',
    path: /^\/v1\/status$/,
    label: 'status',
    handler: async (ctx) => ({
      service: 'tessera-cosigner',
      version: VERSION,
      issuer: ctx.publicUrl,
      engine: ctx.db.engine,
      noise: {
        protocol: COSIGNER_CHANNEL_RULES.noiseProtocol,
        staticKey: base64urlnopad.encode(ctx.noiseKey.publicKey),
      },
      logins: {
        wechat: ctx.logins.wechat !== undefined,
        alipay: ctx.logins.alipay !== undefined,
        telegram: ctx.logins.telegram?.mode ?? false,
        oidc: [...ctx.logins.oidc.keys()],
      },
      mpc: { protocols: ctx.party.protocols.map((p) => p.name) },
    }),
  },
  { method: 'POST', path: /^\/v1\/login\/wechat$/, label: 'login_wechat', handler: loginWeChat },
  { method: 'POST', path: /^\/v1\/login\/alipay$/, label: 'login_alipay', handler: loginAlipay },
  {
    method: 'POST',
    path: /^\/v1\/login\/telegram$/,
    label: 'login_telegram',
    handler: loginTelegram,
  },
  { method: 'POST', path: /^\/v1\/login\/oidc$/, label: 'login_oidc', handler: loginOidc },
  { method: 'GET', path: /^\/v1\/audit$/, label: 'audit', handler: getAudit },
  { method: 'GET', path: /^\/v1\/keys$/, label: 'keys', handler: getKeys },
  {
    method: ['GET', 'PUT'],
    path: /^\/v1\/keys\/([^/]+)\/backup$/,
    label: 'backup_envelope',
    handler: (ctx, req, _url, [keyId]) => backupEnvelope(ctx, req, keyId as string),
  },
  { method: 'GET', path: /^\/v1\/session$/, label: 'session', handler: getSession },
  {
    method: 'POST',
    path: /^\/v1\/soter\/challenge$/,
    label: 'soter_challenge',
    handler: soterChallenge,
  },
  { method: 'POST', path: /^\/v1\/soter\/verify$/, label: 'soter_verify', handler: soterVerify },
  {
    method: ['GET', 'PUT', 'DELETE'],
    path: /^\/v1\/admin\/policies\/([^/]+)\/([^/]+)$/,
    label: 'admin_policy',
    handler: (ctx, req, _url, [identity, dapp], ip) =>
      adminPolicy(ctx, req, identity as string, dapp as string, ip),
  },
]

export function httpRoutes(ctx: CosignerContext): KitRoute[] {
  return ROUTES.map(
    ({ method, path, label, handler }): KitRoute => ({
      method,
      path,
      label,
      async handle(req, res, { url, params, ip }) {
        const login = label.startsWith('login_') ? label.slice(6) : undefined
        try {
          if (login !== undefined) await ctx.loginLimiter.take(ip)
          const result = await handler(ctx, req, url, params, ip)
          sendJson(
            res,
            200,
            result,
            label === 'jwks' ? { 'Cache-Control': 'public, max-age=300' } : {},
          )
          if (login !== undefined) ctx.metrics.count('cosigner_logins_total', `${login}:ok`)
        } catch (error) {
          const { status, code } = sendError(res, error)
          if (status === 500)
            ctx.log.error('request_failed', {
              route: label,
              error: error instanceof Error ? error.message : 'unknown',
            })
          if (login !== undefined) ctx.metrics.count('cosigner_logins_total', `${login}:${code}`)
          if (code === 'PayloadTooLarge') req.resume()
        }
      },
    }),
  )
}
