/**
 * A strict parser for the authority (`host[:port]`) of the relay URL and of origins. Written by
 * hand rather than with `URL`, because the signer runs in mini-program engines that lack it, and
 * because a strict subset leaves no room for the parser differentials that make `URL` accept
 * `127.1`, `0x7f.0.0.1` or upper-case hosts: hosts must be in canonical form already.
 * Accepted: lowercase DNS names (punycode for IDNs), dotted-quad IPv4, bracketed lowercase IPv6.
 * Must never accept user info (`user:pass@`); callers refuse `@` before calling.
 */
export type Authority = {
  readonly host: string
  /** The port as written, or undefined when absent. */
  readonly port: number | undefined
  /** localhost, 127.0.0.0/8 or [::1]: where an unencrypted ws:// relay is acceptable. */
  readonly loopback: boolean
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/
const IPV4_PART = /^(?:0|[1-9][0-9]{0,2})$/
const IPV6 = /^\[[0-9a-f:.]+\]$/
const PORT = /^[1-9][0-9]{0,4}$/

export function parseAuthority(text: string): Authority | undefined {
  let host: string
  let portText: string | undefined
  if (text.startsWith('[')) {
    const close = text.indexOf(']')
    if (close < 0) return undefined
    host = text.slice(0, close + 1)
    const rest = text.slice(close + 1)
    if (rest !== '' && !rest.startsWith(':')) return undefined
    portText = rest === '' ? undefined : rest.slice(1)
    if (!IPV6.test(host) || host.split(':').length < 3) return undefined
  } else {
    const parts = text.split(':')
    if (parts.length > 2) return undefined
    host = parts[0] as string
    portText = parts[1]
    if (!isHostName(host)) return undefined
  }
  let port: number | undefined
  if (portText !== undefined) {
    if (!PORT.test(portText)) return undefined
    port = Number(portText)
    if (port > 65_535) return undefined
  }
  return { host, port, loopback: isLoopback(host) }
}

function isHostName(host: string): boolean {
  if (host.length === 0 || host.length > 253) return false
  const labels = host.split('.')
  if (!labels.every((label) => LABEL.test(label))) return false
  // WHATWG URL reads a host whose last label is numeric (or hex) as IPv4; only accept the
  // canonical dotted quad then, so every parser agrees on which address it is.
  const last = labels[labels.length - 1] as string
  if (/^[0-9]+$/.test(last) || /^0x/.test(last)) return isDottedQuad(labels)
  return true
}

function isDottedQuad(labels: readonly string[]): boolean {
  return labels.length === 4 && labels.every((p) => IPV4_PART.test(p) && Number(p) <= 255)
}

function isLoopback(host: string): boolean {
  return (
    host === 'localhost' ||
    host === '[::1]' ||
    (isDottedQuad(host.split('.')) && host.startsWith('127.'))
  )
}
