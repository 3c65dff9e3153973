/**
 * Account index → non-hardened derivation path `m/0/<index>`
 * (docs/THRESHOLD.md#non-hardened-derivation: hardened steps need the whole key, which never
 * exists). Addresses therefore differ from a seed-phrase wallet's `m/44'/60'/0'/0/i`, and Solana's
 * from Phantom's: by design.
 */
export const MAX_ACCOUNT_INDEX = 0x7fffffff

export function accountPath(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0 || index > MAX_ACCOUNT_INDEX) {
    throw new RangeError(`account index expected an integer in [0, 2^31 - 1], got ${index}`)
  }
  return `m/0/${index}`
}
