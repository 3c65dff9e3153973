/**
 * The limits of the pairing URI (docs/SESSION.md#pairing-uri), in one place. Constants only.
 */

export const PAIRING_URI_SCHEME = 'tessera'

/** The one version this code reads and writes (`tessera:<topic>@1?…`). */
export const PAIRING_URI_VERSION = 1

/**
 * Longest URI accepted or built. 2,048 characters still fit one QR code (version 40 holds 2,953
 * bytes at the lowest error correction) and every deep-link and universal-link path we target.
 */
export const PAIRING_URI_MAX_LENGTH = 2_048

/** docs/SESSION.md#pairing-uri: The URI expires (default 5 minutes). */
export const PAIRING_DEFAULT_TTL_SECONDS = 300

/**
 * A URI valid for more than a day is refused: a pairing QR code is shown for minutes, and a long
 * lived one photographed or leaked would let someone else answer it first.
 */
export const PAIRING_MAX_TTL_SECONDS = 86_400

/** Longest dapp name, in Unicode code points: it is shown on the signer's approval screen. */
export const PAIRING_NAME_MAX_LENGTH = 64

/** The path of the universal link: `https://<signer host>/pair#<uri>`. */
export const UNIVERSAL_LINK_PATH = '/pair'
