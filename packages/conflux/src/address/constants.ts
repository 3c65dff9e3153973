/**
 * CIP-37 constants (specs/cip-37.md §Encoding): the base32 alphabet, the named network prefixes
 * and the one version byte this package knows. Must never be mutated or extended at run time.
 */

/** CIP-37 §Encoding step 3: `i`, `l`, `o`, `q` removed. */
export const BASE32_ALPHABET = 'abcdefghjkmnprstuvwxyz0123456789'

/** Conflux Core mainnet, prefix `cfx`. */
export const MAINNET_NETWORK_ID = 1029
/** Conflux Core testnet, prefix `cfxtest`. */
export const TESTNET_NETWORK_ID = 1

/**
 * Largest network id a `net<N>` prefix may carry. CIP-37 names no bound; conflux-rust and
 * js-conflux-sdk keep network ids in 32 bits, so an id above it could never reach a node.
 */
export const MAX_NETWORK_ID = 0xffff_ffff

/** CIP-37 §Encoding step 2: type bits 0 (Conflux), size bits 0 (160-bit hash). */
export const VERSION_BYTE = 0

/** 21 payload bytes = 168 bits → 34 five-bit characters (2 bits of zero padding). */
export const PAYLOAD_LENGTH = 34
export const CHECKSUM_LENGTH = 8
