/**
 * `fromUniversalLink`: the signer origin and the pairing URI out of `https://<host>/pair#<uri>`.
 * The URI's form is checked here; its expiry is checked when the caller passes it, with the
 * time, to `parsePairingUri`. The caller should also check that `signerOrigin` is its own.
 * Must never decode the fragment: the URI is carried verbatim (see `toUniversalLink.ts`).
 */
import { PAIRING_URI_MAX_LENGTH, UNIVERSAL_LINK_PATH } from './constants.ts'
import { checkOrigin } from './fields.ts'
import { PairingUriError } from './PairingUriError.ts'
import { readPairingUri } from './readPairingUri.ts'

/** `https://`, a 253-character host, `:65535`, `/pair#`, then the longest URI. */
const MAX_LINK_LENGTH = 8 + 253 + 6 + UNIVERSAL_LINK_PATH.length + 1 + PAIRING_URI_MAX_LENGTH

export type UniversalLink = {
  readonly signerOrigin: string
  readonly uri: string
}

export function fromUniversalLink(link: string): UniversalLink {
  const fail = (sentence: string) => new PairingUriError('BadUniversalLink', sentence)
  if (typeof link !== 'string') throw fail('The universal link must be a string.')
  if (link.length > MAX_LINK_LENGTH) {
    throw fail(
      `The universal link is ${link.length} characters long; at most ${MAX_LINK_LENGTH} are allowed.`,
    )
  }
  const schemeEnd = link.indexOf('://')
  const slash = schemeEnd < 0 ? -1 : link.indexOf('/', schemeEnd + 3)
  const marker = `${UNIVERSAL_LINK_PATH}#`
  if (slash < 0 || !link.startsWith(marker, slash)) {
    throw fail('A Tessera universal link must look like https://<signer host>/pair#<pairing URI>.')
  }
  const signerOrigin = checkOrigin(link.slice(0, slash), 'signer')
  const uri = link.slice(slash + marker.length)
  readPairingUri(uri)
  return { signerOrigin, uri }
}
