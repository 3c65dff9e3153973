/**
 * The dapp origin a signing request names (docs/COSIGNER.md#policy): the web origin of the dapp
 * session the signer bound at pairing, carried to the co-signer inside the Noise channel so its
 * per-dapp policy is chosen by where the request came from, not by a label the login chose.
 * On the wire an origin must already be canonical, exactly as `location.origin` writes it:
 * `http(s)://host[:port]`, lowercase ASCII (an internationalised name in punycode), no default
 * port, no path, query, fragment or credentials, at most `DAPP_ORIGIN_MAX_BYTES`. One origin has
 * one spelling, so a policy keyed by it cannot be sidestepped by writing it another way.
 * `canonicalDappOrigin` turns what a session recorded into that form; it must never accept what
 * the wire check would refuse. Pure: no I/O.
 */

import { parseAuthority } from '../pairing/host.ts'
import { CosignerFrameError } from './CosignerFrameError.ts'
import { type Codec, text } from './codecs.ts'

/** "https://" + a 253-byte host name + ":65535". */
export const DAPP_ORIGIN_MAX_BYTES = 267

export const DAPP_ORIGIN_EXPECTED =
  'a dapp origin "http(s)://host[:port]" (lowercase ASCII, punycode for international names, no default port, path, query or credentials)'

/**
 * Code points that could make one origin look like another: C0/C1 controls and DEL, zero-width
 * characters and the byte-order mark, line and paragraph separators, bidirectional marks,
 * embeddings, overrides and isolates, and unpaired surrogates.
 */
function isHostile(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x00ad ||
    code === 0x061c ||
    code === 0x180e ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x2028 && code <= 0x202e) ||
    (code >= 0x2060 && code <= 0x2069) ||
    code === 0xfeff ||
    (code >= 0xd800 && code <= 0xdfff)
  )
}

const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`

/** The first hostile or non-ASCII code point, described; undefined when there is none. */
function characterProblem(value: string): string | undefined {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (isHostile(code))
      return `a control, invisible or bidirectional character (${hex(code)}) at index ${i}`
    if (code > 0x7e)
      return `the non-ASCII character ${hex(code)} at index ${i} (write an international host name in punycode, xn--)`
  }
  return undefined
}

/** Why `value` is not a canonical dapp origin, or undefined when it is one. */
export function dappOriginProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `${DAPP_ORIGIN_EXPECTED}, got ${typeof value}`
  const bytes = new TextEncoder().encode(value).length
  if (bytes > DAPP_ORIGIN_MAX_BYTES)
    return `${DAPP_ORIGIN_EXPECTED} of at most ${DAPP_ORIGIN_MAX_BYTES} bytes, got ${bytes}`
  const chars = characterProblem(value)
  if (chars !== undefined) return `${DAPP_ORIGIN_EXPECTED}, got ${chars}`
  const shown = JSON.stringify(value.slice(0, 80))
  const scheme = value.startsWith('https://')
    ? 'https'
    : value.startsWith('http://')
      ? 'http'
      : undefined
  if (scheme === undefined) return `${DAPP_ORIGIN_EXPECTED}, got ${shown} (scheme)`
  const rest = value.slice(scheme.length + 3)
  if (/[/?#]/.test(rest)) return `${DAPP_ORIGIN_EXPECTED}, got ${shown} (path, query or fragment)`
  if (rest.includes('@')) return `${DAPP_ORIGIN_EXPECTED}, got ${shown} (credentials)`
  const authority = parseAuthority(rest)
  if (authority === undefined) return `${DAPP_ORIGIN_EXPECTED}, got ${shown} (host or port)`
  if (authority.port === (scheme === 'https' ? 443 : 80))
    return `${DAPP_ORIGIN_EXPECTED}, got ${shown} (default port)`
  return undefined
}

/** Throws CosignerFrameError `Malformed` naming the field unless `value` is a canonical origin. */
export function checkDappOrigin(value: unknown, field = 'origin'): string {
  const problem = dappOriginProblem(value)
  if (problem !== undefined)
    throw new CosignerFrameError('Malformed', `"${field}" expected ${problem}`)
  return value as string
}

/**
 * The canonical form of an origin as a session recorded it (a pairing URI's `origin`, a
 * WalletConnect peer's URL or verified origin): scheme and host lowercased, a default port and a
 * trailing "/" dropped, an international host name in punycode (through `URL`, where the engine
 * has one; without it such a name is refused). Hostile characters are refused first, never
 * stripped. Throws CosignerFrameError `Malformed` naming what is wrong.
 */
export function canonicalDappOrigin(value: unknown, field = 'origin'): string {
  if (typeof value !== 'string') return checkDappOrigin(value, field)
  if (new TextEncoder().encode(value).length > 4 * DAPP_ORIGIN_MAX_BYTES)
    return checkDappOrigin(value, field)
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (isHostile(code)) return checkDappOrigin(value, field)
  }
  let out = value
  const Url = (globalThis as { URL?: typeof URL }).URL
  if (Url !== undefined && /^https?:\/\//i.test(value)) {
    let parsed: URL
    try {
      parsed = new Url(value)
    } catch {
      // No browser has this origin. The check names a malformed part when it finds one; else the
      // parser refused the host itself (an invalid punycode label such as "xn--a", say).
      checkDappOrigin(value, field)
      throw new CosignerFrameError(
        'Malformed',
        `"${field}" expected ${DAPP_ORIGIN_EXPECTED}, got ${JSON.stringify(value.slice(0, 80))} (host is not a valid URL host)`,
      )
    }
    if (
      parsed.username === '' &&
      parsed.password === '' &&
      (parsed.pathname === '/' || parsed.pathname === '') &&
      parsed.search === '' &&
      parsed.hash === '' &&
      !value.endsWith('?') &&
      !value.endsWith('#')
    ) {
      out = parsed.origin
    }
  } else {
    const match = /^(https?):\/\/([^/?#]*)\/?$/i.exec(value)
    if (match !== null) {
      const scheme = (match[1] as string).toLowerCase()
      const authority = (match[2] as string).toLowerCase()
      const port = scheme === 'https' ? ':443' : ':80'
      out = `${scheme}://${authority.endsWith(port) ? authority.slice(0, -port.length) : authority}`
    }
  }
  return checkDappOrigin(out, field)
}

const raw = text(DAPP_ORIGIN_MAX_BYTES)

/** The wire codec: UTF-8 text, checked (canonical form) on write and on read. */
export const dappOrigin: Codec<string> = {
  expected: DAPP_ORIGIN_EXPECTED,
  write(w, v, path) {
    checkDappOrigin(v, path)
    raw.write(w, v, path)
  },
  read(r, path) {
    return checkDappOrigin(raw.read(r, path), path)
  },
}
