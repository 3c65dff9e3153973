/**
 * The client's address for per-IP limits. Without `trustProxy` it is the socket's peer; with it,
 * and only when the peer is one of the trusted proxies, it is the right-most address of
 * `X-Forwarded-For` that is not itself a trusted proxy (the left part of the header is whatever
 * the client sent, so it is never believed). Malformed entries end the walk at the last
 * trusted hop.
 */
import type { IncomingMessage } from 'node:http'
import { type BlockList, isIP } from 'node:net'
import { addressBlockList } from './options.ts'

export type ClientAddress = (req: IncomingMessage) => string

/** `::ffff:1.2.3.4` → `1.2.3.4`, so IPv4 clients of a dual-stack socket count once. */
const plain = (address: string): string =>
  address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address

const trusted = (blocks: BlockList, address: string): boolean => {
  const family = isIP(address)
  return family !== 0 && blocks.check(address, family === 6 ? 'ipv6' : 'ipv4')
}

/** A function giving each request's client address; `trustProxy` lists proxies (IP or CIDR). */
export function clientAddress(trustProxy: readonly string[] = []): ClientAddress {
  const blocks = trustProxy.length === 0 ? undefined : addressBlockList(trustProxy)
  return (req) => {
    const peer = plain(req.socket.remoteAddress ?? 'unknown')
    if (blocks === undefined || !trusted(blocks, peer)) return peer
    const header = req.headers['x-forwarded-for']
    const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
      .split(',')
      .map((hop) => plain(hop.trim()))
      .filter((hop) => hop !== '')
    let client = peer
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i] as string
      if (isIP(hop) === 0) break
      client = hop
      if (!trusted(blocks, hop)) break
    }
    return client
  }
}
