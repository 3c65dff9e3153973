/**
 * The HTTP router: one table of routes (method, path pattern, handler, metric label). Public:
 * health, metrics, JWKS, status. Login: one endpoint per adapter. Session: audit, keys,
 * session. Admin: policies. Unknown paths are 404, wrong methods 405. Logs method, route,
 * status and duration — never headers or bodies.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { base64urlnopad } from '@scure/base'
import { COSIGNER_CHANNEL_RULES } from '@tessera/protocol/cosigner'
import { CosignerError } from '../errors.ts'
import { adminPolicy } from './adminRoutes.ts'
import type { CosignerContext } from './context.ts'
import { loginAlipay, loginOidc, loginTelegram, loginWeChat } from './loginRoutes.ts'
import { sendError, sendJson, sendText } from './respond.ts'
import { getAudit, getKeys, getSession } from './sessionRoutes.ts'

type Handler = (
  ctx: CosignerContext,
  req: IncomingMessage,
  url: URL,
  params: string[],
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
    path: /^\/health$/,
    label: 'health',
    handler: async (ctx) => {
      await ctx.db.query('SELECT 1')
      return { ok: true, engine: ctx.db.engine }
    },
  },
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
  { method: 'GET', path: /^\/v1\/session$/, label: 'session', handler: getSession },
  {
    method: ['GET', 'PUT', 'DELETE'],
    path: /^\/v1\/admin\/policies\/([^/]+)\/([^/]+)$/,
    label: 'admin_policy',
    handler: (ctx, req, _url, [identity, dapp]) =>
      adminPolicy(ctx, req, identity as string, dapp as string),
  },
]

export function createHttpHandler(ctx: CosignerContext) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now()
    let label = 'unknown'
    let status = 200
    try {
      const url = new URL(req.url ?? '/', 'http://cosigner')
      if (url.pathname === '/metrics' && req.method === 'GET') {
        label = 'metrics'
        sendText(res, 200, ctx.metrics.render(), 'text/plain; version=0.0.4; charset=utf-8')
        return
      }
      const matches = ROUTES.map((route) => ({
        route,
        match: route.path.exec(url.pathname),
      })).filter((m) => m.match !== null)
      if (matches.length === 0)
        throw new CosignerError('NotFound', `no route for ${url.pathname.slice(0, 64)}`)
      const found = matches.find(({ route }) =>
        ([] as string[]).concat(route.method).includes(req.method ?? ''),
      )
      if (found === undefined) {
        status = 405
        sendJson(res, 405, {
          error: {
            code: 'MethodNotAllowed',
            message: `${req.method} is not allowed on ${url.pathname.slice(0, 64)}`,
          },
        })
        return
      }
      label = found.route.label
      if (label.startsWith('login_')) ctx.loginLimiter.take(req.socket.remoteAddress ?? 'unknown')
      const result = await found.route.handler(
        ctx,
        req,
        url,
        (found.match as RegExpExecArray).slice(1),
      )
      sendJson(res, 200, result, label === 'jwks' ? { 'Cache-Control': 'public, max-age=300' } : {})
    } catch (error) {
      status = sendError(res, error).status
      if (status === 500)
        ctx.log.error('request_failed', {
          route: label,
          error: error instanceof Error ? error.message : 'unknown',
        })
      if (label.startsWith('login_'))
        ctx.metrics.count(
          'cosigner_logins_total',
          `${label.slice(6)}:${error instanceof CosignerError ? error.code : 'Internal'}`,
        )
      if (error instanceof CosignerError && error.code === 'PayloadTooLarge') req.resume()
    } finally {
      ctx.metrics.count('cosigner_http_requests_total', label)
      if (status < 400 && label.startsWith('login_'))
        ctx.metrics.count('cosigner_logins_total', `${label.slice(6)}:ok`)
      ctx.log.debug('http_request', {
        method: req.method,
        route: label,
        status,
        ms: Math.round(performance.now() - started),
      })
    }
  }
}
