/**
 * CIP-23 typed data shapes (specs/cip-23.md §APIs for signing method). Must never hold behaviour.
 */

export type Cip23TypeField = { name: string; type: string }

/** Typed data as a dapp sends it: addresses in CIP-37 base32, integers as numbers or strings. */
export type Cip23TypedData = {
  types: Record<string, readonly Cip23TypeField[]>
  primaryType: string
  domain: Record<string, unknown>
  message: Record<string, unknown>
}

/**
 * Typed data after validation: addresses as lower-case hex (CIP-23: converted before hashing),
 * integers as bigint, bytes as lower-case hex; ready for viem's `hashStruct`.
 */
export type NormalizedCip23TypedData = Cip23TypedData & { readonly normalized: true }
