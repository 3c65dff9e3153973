/**
 * Short links for pairing URIs (docs/RELAY.md#beyond-walletconnect):
 * - `POST /r` with `{"uri":"wc:…"}` registers a URI and answers 201 `{id, path, qr, expiresAt}`.
 *   With `--link-token` set it requires `Authorization: Bearer <token>`; without, it is limited
 *   per IP (`--link-per-minute-ip`).
 * - `GET /r/<id>` redirects (302) to `--link-target` + the URL-encoded URI.
 * - `GET /qr/<id>.svg` renders the URI as a QR code.
 * Bodies are size-capped and validated before use; URIs are never logged.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { type RequestInfo, type Route, sendJson, sendText } from '@tessera/server-kit'
import { createRateLimiter } from '../limits/tokenBucket.ts'
import type { RelayContext } from '../server/context.ts'
import type { LinkStore } from './linkStore.ts'
import { qrSvg } from './qrSvg.ts'

const MAX_BODY_BYTES = 4096
/** QR codes beyond ~2 KB of data are unreadable on phones; pairing URIs are ~200 bytes. */
const MAX_URI_CHARS = 2048
const URI = /^wc:[\x21-\x7e]+$/
const ID = /^[A-Za-z0-9]{10}$/
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** 10 characters of base62 (≈ 59 bits): short enough for WeChat paths, too many to guess. */
function newId(): string {
  const bytes = randomBytes(10)
  return Array.from(bytes, (b) => ID_ALPHABET[b % 62]).join('')
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    let size = 0
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY_BYTES) {
        // Stop reading; the 413 goes out with Connection: close and the socket is dropped after.
        req.pause()
        resolve(undefined)
        return
      }
      chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', () => resolve(undefined))
  })
}

function bearerMatches(header: string | undefined, token: string): boolean {
  if (header === undefined || !header.startsWith('Bearer ')) return false
  const given = Buffer.from(header.slice(7))
  const expected = Buffer.from(token)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

export function linkRoutes(ctx: RelayContext, links: LinkStore): Route[] {
  const limiter = createRateLimiter(ctx.config.linkPerMinuteIp / 60, 60)
  const unreachable = (res: ServerResponse) => () =>
    sendJson(res, 503, { error: 'storage_unreachable' })
  const lookup = (res: ServerResponse, id: string, found: (uri: string) => void): void => {
    if (!ID.test(id)) {
      sendJson(res, 404, { error: 'not_found' })
      return
    }
    links.get(id).then((uri) => {
      if (uri === undefined) sendJson(res, 404, { error: 'not_found' })
      else found(uri)
    }, unreachable(res))
  }
  return [
    {
      method: 'POST',
      path: '/r',
      label: 'link_register',
      handle: (req, res, info) => {
        register(req, info).then(([status, body]) => {
          if (status === 413) {
            res.setHeader('Connection', 'close')
            res.on('finish', () => req.destroy())
          }
          sendJson(res, status, body)
        }, unreachable(res))
      },
    },
    {
      method: 'GET',
      path: /^\/r\/([^/]+)$/,
      label: 'link_redirect',
      handle: (_req, res, { params: [id = ''] }) =>
        lookup(res, id, (uri) => {
          res.writeHead(302, {
            Location: ctx.config.linkTarget + encodeURIComponent(uri),
            'Cache-Control': 'no-store',
          })
          res.end()
        }),
    },
    {
      method: 'GET',
      path: /^\/qr\/([^/]+)\.svg$/,
      label: 'link_qr',
      handle: (_req, res, { params: [id = ''] }) =>
        lookup(res, id, (uri) => sendText(res, 200, qrSvg(uri), 'image/svg+xml')),
    },
  ]

  async function register(
    req: IncomingMessage,
    { ip, now }: RequestInfo,
  ): Promise<[number, unknown]> {
    if (ctx.config.linkToken !== '') {
      if (!bearerMatches(req.headers.authorization, ctx.config.linkToken)) {
        ctx.metrics.reject('link_unauthorized')
        return [401, { error: 'unauthorized' }]
      }
    } else if (!limiter.take(ip, now)) {
      ctx.metrics.reject('link_rate')
      return [429, { error: 'rate_limited' }]
    }
    const body = await readBody(req)
    if (body === undefined) return [413, { error: 'body_too_large' }]
    let uri: unknown
    try {
      uri = (JSON.parse(body) as { uri?: unknown }).uri
    } catch {
      return [400, { error: 'invalid_json' }]
    }
    if (typeof uri !== 'string' || uri.length > MAX_URI_CHARS || !URI.test(uri)) {
      return [400, { error: 'uri must be a wc: URI of printable ASCII, at most 2048 chars' }]
    }
    const id = newId()
    const ttlMs = ctx.config.linkTtlSec * 1000
    await links.put(id, uri, ttlMs)
    return [201, { id, path: `/r/${id}`, qr: `/qr/${id}.svg`, expiresAt: now + ttlMs }]
  }
}
