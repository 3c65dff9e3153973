/**
 * `pairingExpiry`: the `exp` of a new pairing URI, `now` plus a lifetime (docs/SESSION.md: default
 * 5 minutes; at most a day, the most `parsePairingUri` accepts). Must never read the clock.
 */
import { PAIRING_DEFAULT_TTL_SECONDS, PAIRING_MAX_TTL_SECONDS } from './constants.ts'
import { checkNow } from './time.ts'

export function pairingExpiry(
  now: number,
  ttlSeconds: number = PAIRING_DEFAULT_TTL_SECONDS,
): number {
  checkNow(now)
  if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > PAIRING_MAX_TTL_SECONDS) {
    throw new RangeError(
      `"ttlSeconds" expected an integer from 1 to ${PAIRING_MAX_TTL_SECONDS}, got ${String(ttlSeconds)}`,
    )
  }
  return now + ttlSeconds
}
