/**
 * Test-only: records every attempt of this process to reach a host that is not loopback — TCP
 * and TLS connects (WebSockets and fetch end there), DNS lookups and fetch() — so a test can
 * assert that the WalletConnect mode talks to nothing but the configured relay and RPC.
 */
import dns from 'node:dns'
import net from 'node:net'

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1'])
type AnyFn = (...args: unknown[]) => unknown

export function guardNetwork(): { readonly attempts: string[]; restore(): void } {
  const attempts: string[] = []
  const note = (host: unknown, via: string): void => {
    if (host !== undefined && host !== null && !LOOPBACK.has(String(host))) {
      attempts.push(`${via} ${String(host)}`)
    }
  }
  const socket = net.Socket.prototype as unknown as { connect: AnyFn }
  const connect = socket.connect
  socket.connect = function (this: unknown, ...args: unknown[]) {
    const first = Array.isArray(args[0]) ? args[0][0] : args[0]
    if (typeof first === 'object' && first !== null) {
      const o = first as { host?: unknown; path?: unknown }
      if (o.path === undefined) note(o.host ?? 'localhost', 'socket')
    } else if (typeof args[1] === 'string') note(args[1], 'socket')
    return connect.apply(this, args)
  }
  const lookup = dns.lookup as unknown as AnyFn
  ;(dns as unknown as { lookup: AnyFn }).lookup = (...args: unknown[]) => {
    note(args[0], 'dns')
    return lookup.apply(dns, args)
  }
  const fetch = globalThis.fetch
  globalThis.fetch = ((input: Parameters<typeof globalThis.fetch>[0], init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    note(url.hostname.replace(/^\[|\]$/g, ''), 'fetch')
    return fetch(input, init)
  }) as typeof globalThis.fetch
  return {
    attempts,
    restore() {
      socket.connect = connect
      ;(dns as unknown as { lookup: AnyFn }).lookup = lookup
      globalThis.fetch = fetch
    },
  }
}
