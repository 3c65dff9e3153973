/**
 * Pairing links as a person brings them: the `tessera:` URI itself (pasted or scanned), the
 * universal link `https://<signer>/pair#<uri>` (scanned, or the page opened from it), and the
 * Telegram `startapp` parameter (base64url of the URI), the mini-program shells' `/pair?uri=…`,
 * and WalletConnect's `wc:` URI (paired through WalletConnect wallet mode). Returns the URI, or
 * undefined when the text is none of these; expiry is checked by the pairing itself.
 */
import { fromUniversalLink } from '@tessera/protocol'

export function pairingUriFrom(text: string): string | undefined {
  const trimmed = text.trim()
  if (trimmed.startsWith('tessera:')) return trimmed
  if (/^wc:[0-9a-f]{64}@2\?/.test(trimmed)) return trimmed
  if (/^https?:\/\//.test(trimmed)) {
    try {
      return fromUniversalLink(trimmed).uri
    } catch {
      return undefined
    }
  }
  return undefined
}

/** The URI the page was opened with (`/pair#tessera:…` or `/pair?uri=…`), if any. */
export function pairingUriFromLocation(location: {
  pathname: string
  hash: string
  search?: string
}): string | undefined {
  if (!location.pathname.endsWith('/pair')) return undefined
  const hash = location.hash.startsWith('#') ? location.hash.slice(1) : location.hash
  if (hash.startsWith('tessera:')) return hash
  const query = new URLSearchParams(location.search ?? '').get('uri')
  return query?.startsWith('tessera:') ? query : undefined
}

/** Telegram's `startapp` / `tgWebAppStartParam`: base64url of a pairing URI. */
export function pairingUriFromStartParam(param: string | undefined): string | undefined {
  if (param === undefined || !/^[A-Za-z0-9_-]{1,2048}$/.test(param)) return undefined
  try {
    const padded = param.replace(/-/g, '+').replace(/_/g, '/')
    const text = new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(atob(padded + '='.repeat((4 - (padded.length % 4)) % 4)), (c) =>
        c.charCodeAt(0),
      ),
    )
    return text.startsWith('tessera:') ? text : undefined
  } catch {
    return undefined
  }
}
