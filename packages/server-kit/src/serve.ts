/**
 * `serve`: one HTTP server for a route table, an optional WebSocket upgrade handler, `/health`
 * and `/metrics`. Requests the parser rejects get 431 (head over `maxHeaderBytes`) or 400 on the
 * raw socket; unknown paths 404, wrong methods 405, a throwing handler an opaque 500 (the detail
 * goes to the log). The clock is injected; client addresses follow `trustProxy`. `close()` stops
 * accepting, runs the server's own `close` (end WebSockets, flush storage), then drops idle
 * connections. Listening failures become a ConfigError (`PortInUse`). With `cors`, listed origins
 * get CORS headers and preflights are answered before routing (cors.ts).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { ConfigError } from './ConfigError.ts'
import { type ClientAddress, clientAddress } from './clientAddress.ts'
import { applyCors, type CorsOptions } from './cors.ts'
import { checkHealth, type HealthSource } from './health.ts'
import type { Logger } from './log.ts'
import { answerSocket, sendJson, sendText } from './respond.ts'
import { matchRoute, type Route, routeMethods } from './routes.ts'

export interface ServeOptions {
  host: string
  port: number
  routes: readonly Route[]
  health: HealthSource
  /** Clock in ms (tests inject one). */
  clock: () => number
  log: Logger
  /** The `/metrics` text; no route when absent. */
  metrics?: { render(): Promise<string>; contentType: string }
  /** Handles WebSocket upgrades; without it, upgrades get 404. */
  upgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer, ip: string) => void
  /** The server's own shutdown, run after it stops accepting. */
  close?: () => Promise<void>
  /** Proxies (IP or CIDR) whose `X-Forwarded-For` is believed; empty: off. */
  trustProxy?: readonly string[]
  maxHeaderBytes?: number
  /** Origins whose pages may call this server from the browser; absent or empty: none. */
  cors?: CorsOptions
  /** Called per request the parser rejected (for a metric). */
  onClientError?: (status: 400 | 431) => void
  /** Called after each routed request (for metrics and debug logs). */
  onRequest?: (label: string, status: number, ms: number) => void
}

export interface Serving {
  server: Server
  port: number
  /** `http://host:port` (IPv6 hosts in brackets; 0.0.0.0 as 127.0.0.1). */
  url: string
  clientIp: ClientAddress
  close(): Promise<void>
}

function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): 400 | 431 | 0 {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy()
    return 0
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400
  const [code, message] =
    status === 431
      ? ['HeaderTooLarge', 'the request head is larger than this server accepts']
      : ['BadRequest', 'the request does not parse as HTTP/1.1']
  answerSocket(socket, status, { error: { code, message } })
  return status
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (
        error.code === 'EADDRINUSE' ||
        error.code === 'EACCES' ||
        error.code === 'EADDRNOTAVAIL'
      ) {
        const why = error.code === 'EADDRINUSE' ? 'is in use' : `cannot be used (${error.code})`
        reject(new ConfigError('PortInUse', `port ${port} on ${host} ${why}`, { cause: error }))
      } else reject(error)
    })
    server.listen(port, host, () => resolve())
  })
}

export async function serve(options: ServeOptions): Promise<Serving> {
  const { routes, clock, log } = options
  const startedAt = clock()
  const clientIp = clientAddress(options.trustProxy)
  const server = createServer({ maxHeaderSize: options.maxHeaderBytes ?? 16 * 1024 })
  server.requestTimeout = 30_000
  server.headersTimeout = 10_000

  server.on('request', (req, res) => {
    const started = performance.now()
    let label = 'unknown'
    let url: URL
    try {
      url = new URL(req.url ?? '/', 'http://server.invalid')
    } catch {
      sendJson(res, 400, { error: { code: 'BadRequest', message: 'the URL does not parse' } })
      return
    }
    const finish = () => options.onRequest?.(label, res.statusCode, performance.now() - started)
    res.once('finish', finish)
    const method = req.method ?? 'GET'
    const methodsOf = (path: string): readonly string[] =>
      path === '/health' || (path === '/metrics' && options.metrics !== undefined)
        ? ['GET']
        : routeMethods(routes, path)
    if (applyCors(options.cors, req, res, url.pathname, methodsOf) === 'answered') {
      label = 'cors_preflight'
      return
    }
    if (method === 'GET' && url.pathname === '/health') {
      label = 'health'
      checkHealth(options.health, clock() - startedAt).then((health) =>
        sendJson(res, health.status === 'ok' ? 200 : 503, health),
      )
      return
    }
    if (method === 'GET' && url.pathname === '/metrics' && options.metrics !== undefined) {
      label = 'metrics'
      const { contentType } = options.metrics
      options.metrics.render().then(
        (text) => sendText(res, 200, text, contentType),
        () => sendJson(res, 500, { error: { code: 'Internal', message: 'internal error' } }),
      )
      return
    }
    const found = matchRoute(routes, method, url.pathname)
    if ('status' in found) {
      const [code, what] =
        found.status === 404
          ? ['NotFound', 'no route for']
          : ['MethodNotAllowed', `${method} is not allowed on`]
      sendJson(res, found.status, {
        error: { code, message: `${what} ${url.pathname.slice(0, 64)}` },
      })
      return
    }
    label = found.route.label
    const info = { url, params: found.params, ip: clientIp(req), now: clock() }
    Promise.resolve()
      .then(() => found.route.handle(req, res, info))
      .catch((error: unknown) => {
        log.error('request_failed', { route: label, error: (error as Error)?.message ?? 'unknown' })
        if (!res.headersSent)
          sendJson(res, 500, { error: { code: 'Internal', message: 'internal error' } })
        else res.destroy()
      })
  })
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {})
    if (options.upgrade === undefined) {
      answerSocket(socket, 404, { error: { code: 'NotFound', message: 'no WebSocket here' } })
      return
    }
    options.upgrade(req, socket, head, clientIp(req))
  })
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const status = answerClientError(error, socket)
    if (status !== 0) options.onClientError?.(status)
  })

  await listen(server, options.host, options.port)
  // After listen, server errors (EMFILE on accept when out of descriptors) are reported, never
  // fatal: the server keeps serving the connections it has.
  server.on('error', (error: NodeJS.ErrnoException) => {
    log.error('server_error', { errorCode: error.code ?? 'unknown' })
  })
  const { port } = server.address() as AddressInfo
  const host =
    options.host === '0.0.0.0' || options.host === '::'
      ? '127.0.0.1'
      : options.host.includes(':')
        ? `[${options.host}]`
        : options.host
  let closing: Promise<void> | undefined
  return {
    server,
    port,
    url: `http://${host}:${port}`,
    clientIp,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()))
        await options.close?.()
        server.closeAllConnections()
        await closed
      })()
      return closing
    },
  }
}
