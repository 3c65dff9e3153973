/**
 * Test helper: records every outbound network destination the test process attempts that is not
 * loopback — TCP/TLS sockets (every client, ws and fetch included, ends in Socket#connect),
 * DNS lookups and fetch() — so a test can assert that nothing left the machine. Test-only.
 */
import dns from 'node:dns'
import net from 'node:net'

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1'])

export interface NetworkGuard {
  readonly attempts: string[]
  restore(): void
}

type AnyFn = (...args: unknown[]) => unknown

export function guardNetwork(): NetworkGuard {
  const attempts: string[] = []
  const record = (host: unknown, port: unknown, via: string): void => {
    if (host === undefined || host === null || LOOPBACK.has(String(host))) return
    attempts.push(`${via} ${String(host)}:${String(port)}`)
  }
  const proto = net.Socket.prototype as unknown as { connect: AnyFn }
  const origConnect = proto.connect
  proto.connect = function (this: unknown, ...args: unknown[]) {
    let first = args[0]
    // net.connect passes already-normalised [options, callback] arrays.
    if (Array.isArray(first)) first = first[0]
    if (typeof first === 'object' && first !== null) {
      const o = first as { host?: unknown; port?: unknown; path?: unknown }
      if (o.path === undefined) record(o.host ?? 'localhost', o.port, 'socket')
    } else if (typeof first === 'number' || typeof first === 'string') {
      if (typeof args[1] === 'string') record(args[1], first, 'socket')
    }
    return origConnect.apply(this, args)
  }
  const origLookup = dns.lookup as unknown as AnyFn
  ;(dns as unknown as { lookup: AnyFn }).lookup = (...args: unknown[]) => {
    record(args[0], '', 'dns')
    return origLookup.apply(dns, args)
  }
  const origFetch = globalThis.fetch
  globalThis.fetch = ((input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    record(url.hostname.replace(/^\[|\]$/g, ''), url.port, 'fetch')
    return origFetch(input, init)
  }) as typeof fetch
  return {
    attempts,
    restore() {
      proto.connect = origConnect
      ;(dns as unknown as { lookup: AnyFn }).lookup = origLookup
      globalThis.fetch = origFetch
    },
  }
}
