/**
 * `parsePairingLink`: the pairing URI out of every form a person brings one in, and which mode it
 * is for. Accepted: the URI itself (`tessera:…`, or `wc:…@2?…` for WalletConnect), pasted with
 * spaces or line breaks anywhere (they are removed: no URI contains any); the universal link
 * `https://<signer>/pair#<uri>` (docs/SESSION.md); a page URL or query carrying it in `uri`
 * (WeChat/Alipay mini-program pages, `?uri=<encoded>`), in `q` (WeChat's scanned-QR parameter: the
 * encoded link that was scanned) or in `startapp` / `tgWebAppStartParam` (Telegram, base64url of
 * the URI), and a bare `startapp` value. Anything else is `DappsError('BadLink')` with a sentence
 * saying what was wrong. Expiry and the URI's fields are checked by the pairing itself.
 */
import { fromUniversalLink } from '@tessera/protocol'
import { decodeStartParam } from '../platform/decodeStartParam.ts'
import { DappsError } from './dappsError.ts'

export type PairingLink = {
  readonly transport: 'tessera' | 'walletconnect'
  readonly uri: string
}

/** Longer text than any link form of the longest pairing URI is refused before it is read. */
export const MAX_PAIRING_LINK_CHARS = 16_384

const WC_URI = /^wc:[0-9a-f]{64}@2\?[-A-Za-z0-9._~%&=+:/]+$/
const START_PARAM = /^[A-Za-z0-9_-]{1,512}$/
const QUERY_KEYS = ['uri', 'q', 'startapp', 'tgWebAppStartParam'] as const

const bad = (sentence: string): DappsError => new DappsError('BadLink', sentence)

export function parsePairingLink(text: string): PairingLink {
  if (typeof text !== 'string') throw bad('The pairing link must be text.')
  if (text.length > MAX_PAIRING_LINK_CHARS) {
    throw bad(`The pasted text is ${text.length} characters; a pairing link is never that long.`)
  }
  const compact = text.replace(/\s+/g, '')
  if (compact === '') throw bad('The pairing link is empty.')
  return read(compact, 0)
}

function read(text: string, depth: number): PairingLink {
  if (depth > 3) throw bad('The link wraps a link too many times.')
  const lower = text.slice(0, 8).toLowerCase()
  if (lower.startsWith('tessera:')) return { transport: 'tessera', uri: text }
  if (lower.startsWith('wc:')) {
    if (!WC_URI.test(text)) {
      throw bad(
        /^wc:[^@]*@1\b/.test(text)
          ? 'This is a WalletConnect v1 link; only WalletConnect v2 (wc:…@2?…) is supported.'
          : 'This wc: link is not a WalletConnect v2 pairing URI (wc:<topic>@2?…).',
      )
    }
    return { transport: 'walletconnect', uri: text }
  }
  if (/^https?:\/\//i.test(text)) {
    let url: URL
    try {
      url = new URL(text)
    } catch {
      throw bad('The link is not a valid web address.')
    }
    // A universal link: the URI is the fragment, carried verbatim (never decoded).
    const hash = text.indexOf('#')
    if (hash >= 0 && url.pathname.endsWith('/pair')) {
      const fragment = text.slice(hash + 1)
      if (fragment.startsWith('wc:')) return read(fragment, depth + 1)
      try {
        return { transport: 'tessera', uri: fromUniversalLink(text).uri }
      } catch (cause) {
        throw new DappsError('BadLink', 'The universal link does not carry a pairing URI.', {
          cause,
        })
      }
    }
    return fromQuery(url.searchParams, depth, `The link ${url.origin}${url.pathname}`)
  }
  if (/^\??[A-Za-z]+=/.test(text)) {
    return fromQuery(new URLSearchParams(text), depth, 'The page query')
  }
  if (START_PARAM.test(text)) {
    let decoded: string
    try {
      decoded = decodeStartParam(text)
    } catch {
      throw bad('The text is neither a pairing URI nor a link that carries one.')
    }
    if (!/^(tessera|wc):/i.test(decoded)) {
      throw bad('The Telegram start parameter does not carry a pairing URI.')
    }
    return read(decoded, depth + 1)
  }
  throw bad('The text is neither a pairing URI nor a link that carries one.')
}

function fromQuery(query: URLSearchParams, depth: number, what: string): PairingLink {
  for (const key of QUERY_KEYS) {
    const value = query.get(key)
    if (value === null || value === '') continue
    if (key === 'startapp' || key === 'tgWebAppStartParam') {
      if (!START_PARAM.test(value)) throw bad(`"${key}" is not a Telegram start parameter.`)
    }
    return read(value.replace(/\s+/g, ''), depth + 1)
  }
  throw bad(`${what} carries no pairing URI (no uri, q or startapp parameter).`)
}
