/**
 * One route table: method(s), a path (exact string or a pattern whose groups become `params`),
 * a label for metrics and logs (a fixed string, never the raw path) and a handler. `matchRoute`
 * tells a match from "no such path" (404) and "path exists, wrong method" (405).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

export interface RequestInfo {
  url: URL
  /** Capture groups of the route's pattern. */
  params: string[]
  /** The client's address (after `trustProxy`). */
  ip: string
  /** The server's clock, ms. */
  now: number
}

export interface Route {
  method: string | readonly string[]
  path: string | RegExp
  label: string
  handle(req: IncomingMessage, res: ServerResponse, info: RequestInfo): void | Promise<void>
}

export type RouteMatch = { route: Route; params: string[] } | { status: 404 | 405 }

export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  let pathMatched = false
  for (const route of routes) {
    let params: string[]
    if (typeof route.path === 'string') {
      if (route.path !== path) continue
      params = []
    } else {
      const found = route.path.exec(path)
      if (found === null) continue
      params = found.slice(1).map((p) => p ?? '')
    }
    pathMatched = true
    if (([] as string[]).concat(route.method).includes(method)) return { route, params }
  }
  return { status: pathMatched ? 405 : 404 }
}

/** The methods the routes with this path accept (empty when none has it), for CORS preflights. */
export function routeMethods(routes: readonly Route[], path: string): string[] {
  const methods = new Set<string>()
  for (const route of routes) {
    const matches = typeof route.path === 'string' ? route.path === path : route.path.test(path)
    if (matches) for (const m of ([] as string[]).concat(route.method)) methods.add(m)
  }
  return [...methods]
}
