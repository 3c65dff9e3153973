/**
 * `buildPairingUri`: the dapp's pairing URI, shown as a QR code or a deep link
 * (docs/SESSION.md#pairing-uri). Every field passes the same check the parser applies, values are
 * percent-encoded with `encodeURIComponent`, parameters come in the order of docs/SESSION.md, and
 * the result is at most 2,048 characters. Take `exp` from `pairingExpiry(now)`. Must never produce
 * a URI `parsePairingUri` would refuse for its form.
 */
import { PAIRING_URI_MAX_LENGTH, PAIRING_URI_SCHEME, PAIRING_URI_VERSION } from './constants.ts'
import { checkExp, checkName, checkOrigin, checkRelay, checkTopic, encodeKey } from './fields.ts'
import { PairingUriError } from './PairingUriError.ts'
import type { PairingUri } from './types.ts'

export function buildPairingUri(params: PairingUri): string {
  const topic = checkTopic(params.topic)
  const relay = checkRelay(params.relay)
  const key = encodeKey(params.key)
  const exp = checkExp(params.exp)
  const name = checkName(params.name)
  const origin = checkOrigin(params.origin, 'dapp')
  const uri =
    `${PAIRING_URI_SCHEME}:${topic}@${PAIRING_URI_VERSION}` +
    `?relay=${encodeURIComponent(relay)}&key=${key}&exp=${exp}` +
    `&name=${encodeURIComponent(name)}&origin=${encodeURIComponent(origin)}`
  if (uri.length > PAIRING_URI_MAX_LENGTH) {
    throw new PairingUriError(
      'TooLong',
      `The pairing URI is ${uri.length} characters long; at most ${PAIRING_URI_MAX_LENGTH} are allowed.`,
    )
  }
  return uri
}
