/**
 * DEVELOPMENT ONLY. A local OIDC issuer: discovery, a JWKS with one Ed25519 key made at start,
 * and an authorization page that signs an ID token for a typed test-user name and returns it in
 * the redirect's fragment (`#id_token=…&state=…`), as an implicit-flow issuer does. `POST /token`
 * issues a token without the page, for scripted flows. Only the configured client id and redirect
 * origins are served (no open redirect); every input is length-capped and validated.
 */
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { loginPage } from './loginPage.ts'

export interface DevLoginOptions {
  host?: string
  port?: number
  /** The OIDC client id tokens are issued for (the co-signer's `<client id>@<issuer>`). */
  clientId: string
  /** Origins a login may redirect back to, e.g. the signer app's. */
  redirectOrigins: readonly string[]
  /** ID token lifetime, seconds. */
  ttlSec?: number
}

export interface DevLogin {
  readonly issuer: string
  /** Signs an ID token for `user` as the page would (for tests and scripts). */
  issue(user: string, nonce?: string): Promise<string>
  close(): Promise<void>
}

const USER = /^[A-Za-z0-9._-]{1,64}$/
const MAX_BODY = 8 * 1024

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = ''
  for await (const chunk of req as AsyncIterable<Buffer>) {
    body += chunk.toString('utf8')
    if (body.length > MAX_BODY) throw new HttpError(413, 'form too large')
  }
  const type = req.headers['content-type'] ?? ''
  if (type.startsWith('application/json')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(body)
    } catch {
      throw new HttpError(400, 'body is not JSON')
    }
    if (typeof parsed !== 'object' || parsed === null)
      throw new HttpError(400, 'expected an object')
    const form = new URLSearchParams()
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value === 'string') form.set(key, value)
    }
    return form
  }
  return new URLSearchParams(body)
}

function field(form: URLSearchParams, name: string, rule: RegExp, fallback?: string): string {
  const value = form.get(name) ?? fallback
  if (value === undefined) throw new HttpError(400, `missing ${name}`)
  if (!rule.test(value)) throw new HttpError(400, `invalid ${name}`)
  return value
}

const OPAQUE = /^[\x21-\x7e]{0,256}$/

export async function startDevLogin(options: DevLoginOptions): Promise<DevLogin> {
  const host = options.host ?? '127.0.0.1'
  const ttl = options.ttlSec ?? 600
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' })
  const kid = randomUUID()
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' }
  let issuer = ''

  const issue = (user: string, nonce?: string): Promise<string> => {
    if (!USER.test(user)) throw new HttpError(400, 'invalid user (letters, digits, . _ -)')
    const jwt = new SignJWT({ ...(nonce ? { nonce } : {}), name: user })
      .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setSubject(`dev-${user}`)
      .setAudience(options.clientId)
      .setIssuedAt()
      .setExpirationTime(`${ttl}s`)
      .setJti(randomUUID())
    return jwt.sign(privateKey)
  }

  function checkRedirect(raw: string): URL {
    let url: URL
    try {
      url = new URL(raw)
    } catch {
      throw new HttpError(400, 'redirect_uri is not a URL')
    }
    if (!options.redirectOrigins.includes(url.origin)) {
      throw new HttpError(400, `redirect_uri origin ${url.origin} is not allowed`)
    }
    return url
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', issuer)
    if (req.method === 'GET' && url.pathname === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ status: 'ok', developmentOnly: true }))
      return
    }
    if (req.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=300' })
      res.end(
        JSON.stringify({
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ['id_token'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['EdDSA'],
        }),
      )
      return
    }
    if (req.method === 'GET' && url.pathname === '/jwks') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=300' })
      res.end(JSON.stringify({ keys: [jwk] }))
      return
    }
    if (req.method === 'GET' && url.pathname === '/authorize') {
      const q = url.searchParams
      if (q.get('client_id') !== options.clientId) throw new HttpError(400, 'unknown client_id')
      const redirect = checkRedirect(q.get('redirect_uri') ?? '')
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        // form-action also governs the redirect after the POST (Chromium enforces it there):
        // the app's origin must be listed, or the login never gets back to it.
        'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${redirect.origin}`,
      })
      res.end(
        loginPage({
          clientId: options.clientId,
          redirectUri: redirect.href,
          state: field(q, 'state', OPAQUE, ''),
          nonce: field(q, 'nonce', OPAQUE, ''),
        }),
      )
      return
    }
    if (req.method === 'POST' && url.pathname === '/authorize') {
      const form = await readForm(req)
      if (form.get('clientId') !== options.clientId) throw new HttpError(400, 'unknown client_id')
      const redirect = checkRedirect(form.get('redirectUri') ?? '')
      const state = field(form, 'state', OPAQUE, '')
      const nonce = field(form, 'nonce', OPAQUE, '')
      const token = await issue(field(form, 'user', USER), nonce || undefined)
      const fragment = new URLSearchParams({ id_token: token, ...(state ? { state } : {}) })
      res.writeHead(303, { location: `${redirect.href.split('#')[0]}#${fragment}` })
      res.end()
      return
    }
    if (req.method === 'POST' && url.pathname === '/token') {
      const form = await readForm(req)
      const nonce = field(form, 'nonce', OPAQUE, '')
      const token = await issue(field(form, 'user', USER), nonce || undefined)
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ id_token: token }))
      return
    }
    throw new HttpError(404, `no route ${req.method} ${url.pathname}`)
  }

  const server = createServer((req, res) => {
    res.setHeader('access-control-allow-origin', '*')
    res.setHeader('access-control-allow-headers', 'content-type')
    if (req.method === 'OPTIONS') {
      res.writeHead(204)
      res.end()
      return
    }
    route(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({ error: error instanceof HttpError ? error.message : 'internal error' }),
      )
    })
  })
  server.headersTimeout = 10_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  issuer = `http://${host}:${(server.address() as AddressInfo).port}`
  return {
    get issuer() {
      return issuer
    },
    issue: (user, nonce) => issue(user, nonce),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
