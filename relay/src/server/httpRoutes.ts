/**
 * Plain HTTP endpoints beside the WebSocket: `GET /health` (liveness and storage reachability),
 * `GET /metrics` (Prometheus text) and the short-link routes. Anything else is 404.
 * Never echoes request bodies or query strings into responses or logs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RelayContext } from './context.ts'

export type Route = (req: IncomingMessage, res: ServerResponse, path: string) => boolean

export function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' })
  res.end(body)
}

export function coreRoutes(ctx: RelayContext, startedAt: number): Route {
  return (req, res, path) => {
    if (req.method === 'GET' && path === '/health') {
      ctx.store.ping().then(
        () =>
          send(
            res,
            200,
            'application/json',
            JSON.stringify({
              status: 'ok',
              storage: ctx.store.engine,
              node: ctx.config.nodeId,
              uptimeSec: Math.round((Date.now() - startedAt) / 1000),
            }),
          ),
        () => send(res, 503, 'application/json', JSON.stringify({ status: 'storage_unreachable' })),
      )
      return true
    }
    if (req.method === 'GET' && path === '/metrics') {
      send(res, 200, 'text/plain; version=0.0.4', ctx.metrics.render())
      return true
    }
    return false
  }
}
