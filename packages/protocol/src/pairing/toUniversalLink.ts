/**
 * `toUniversalLink`: `https://<signer host>/pair#<uri>` (docs/SESSION.md#pairing-uri). The URI goes
 * in the fragment as it is: every character `buildPairingUri` writes is allowed in a fragment
 * (RFC 3986 §3.5) and none is in the browsers' fragment percent-encode set, so it reaches the
 * signer page unchanged in `location.hash`, and a fragment is never sent to the signer's server.
 * Must never accept a signer origin that is not https (except loopback, for local demos).
 */
import { UNIVERSAL_LINK_PATH } from './constants.ts'
import { checkOrigin } from './fields.ts'
import { readPairingUri } from './readPairingUri.ts'

export function toUniversalLink(uri: string, signerOrigin: string): string {
  readPairingUri(uri)
  checkOrigin(signerOrigin, 'signer')
  return `${signerOrigin}${UNIVERSAL_LINK_PATH}#${uri}`
}
