/**
 * Cross-origin access for browser clients that reach a server directly (not through a same-origin
 * proxy): off unless the server lists origins. A request whose `Origin` is listed gets
 * `Access-Control-Allow-Origin` naming it (never `*`, never credentials: clients authenticate
 * with `Authorization` headers, not cookies); every answer carries `Vary: Origin` so caches keep
 * them apart. A preflight (`OPTIONS` with `Access-Control-Request-Method`) is answered here: 204
 * with the path's own methods and the allowed request headers when the origin is listed and the
 * path has a route for the requested method; 403 `CorsRefused` otherwise, before any handler runs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { ConfigError } from './ConfigError.ts'
import { sendJson } from './respond.ts'

export interface CorsOptions {
  /** Exact origins (`https://app.example`, scheme, host and port only). Empty: CORS off. */
  origins: readonly string[]
  /** Request headers a page may send (default `authorization`, `content-type`). */
  headers?: readonly string[]
  /** How long a browser may cache a preflight answer (default 600 s). */
  maxAgeSec?: number
}

/**
 * Checks that `raw` is an http(s) origin — scheme, host and optional port, nothing else — and
 * returns it as browsers send it (lower-case host, no default port).
 */
export function checkOrigin(raw: string): string {
  let url: URL | undefined
  try {
    url = new URL(raw)
  } catch {
    url = undefined
  }
  if (
    url === undefined ||
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.username !== '' ||
    url.password !== '' ||
    url.pathname !== '/' ||
    /[?#]/.test(raw) ||
    !/^[a-z]+:\/\/[^/]+\/?$/i.test(raw)
  ) {
    throw new ConfigError(
      'InvalidValue',
      `"${raw}" is not an origin (scheme://host[:port], no path, e.g. https://app.example)`,
    )
  }
  return url.origin
}

/** What `serve` asks of a request: handled here (a preflight) or go on to routing. */
export type CorsStep = 'answered' | 'continue'

/**
 * Applies the CORS rules to one request. `methodsOf(path)` lists the methods the path's routes
 * accept (empty when no route has that path).
 */
export function applyCors(
  options: CorsOptions | undefined,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  methodsOf: (path: string) => readonly string[],
): CorsStep {
  if (options === undefined || options.origins.length === 0) return 'continue'
  res.setHeader('Vary', 'Origin')
  const origin = req.headers.origin
  const allowed = typeof origin === 'string' && options.origins.includes(origin)
  const requested = req.headers['access-control-request-method']
  const preflight = req.method === 'OPTIONS' && typeof requested === 'string'
  if (!preflight) {
    if (allowed) res.setHeader('Access-Control-Allow-Origin', origin)
    return 'continue'
  }
  const methods = methodsOf(path)
  if (!allowed || !methods.includes(requested)) {
    sendJson(res, 403, {
      error: {
        code: 'CorsRefused',
        message: allowed
          ? `${requested.slice(0, 16)} is not allowed on ${path.slice(0, 64)}`
          : 'this origin is not allowed',
      },
    })
    return 'answered'
  }
  const headers = options.headers ?? ['authorization', 'content-type']
  res.writeHead(204, {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Methods': methods.join(', '),
    'Access-Control-Allow-Headers': headers.join(', '),
    'Access-Control-Max-Age': String(options.maxAgeSec ?? 600),
    'Cache-Control': 'no-store',
    'Content-Length': '0',
  })
  res.end()
  return 'answered'
}
