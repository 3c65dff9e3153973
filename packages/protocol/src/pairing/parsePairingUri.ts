/**
 * `parsePairingUri`: the signer's reading of a scanned or linked pairing URI. Checks the form of
 * every field (see `readPairingUri.ts` for the grammar and the forward-compatibility rule), then
 * the time: the URI must not have expired and must not expire more than a day ahead.
 * `now` is Unix seconds and always passed in: this package never reads a clock.
 * Must never return a field that failed a check.
 */
import { PAIRING_MAX_TTL_SECONDS } from './constants.ts'
import { PairingUriError } from './PairingUriError.ts'
import { readPairingUri } from './readPairingUri.ts'
import { checkNow } from './time.ts'
import type { PairingUri } from './types.ts'

export type ParsePairingUriOptions = {
  /** The current time, Unix seconds (e.g. `Math.floor(Date.now() / 1000)` at the call site). */
  readonly now: number
}

export function parsePairingUri(uri: string, { now }: ParsePairingUriOptions): PairingUri {
  checkNow(now)
  const pairing = readPairingUri(uri)
  // docs/SESSION.md#pairing-uri: an expired or malformed URI gets a clear error in the signer.
  if (pairing.exp <= now) {
    throw new PairingUriError(
      'Expired',
      `The pairing URI expired ${now - pairing.exp} s ago; ask the dapp for a new QR code.`,
      'exp',
    )
  }
  if (pairing.exp - now > PAIRING_MAX_TTL_SECONDS) {
    throw new PairingUriError(
      'ExpTooFar',
      `The pairing URI expires more than ${PAIRING_MAX_TTL_SECONDS} s from now; check the device clock or ask for a new QR code.`,
      'exp',
    )
  }
  return pairing
}
