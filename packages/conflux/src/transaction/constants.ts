/**
 * Type prefixes of typed Core transactions (docs/CHAINS.md): ASCII "cfx" then the type byte. Legacy
 * transactions have none. Must never be mutated.
 */
export const CIP2930_PREFIX: Uint8Array = Uint8Array.of(0x63, 0x66, 0x78, 0x01)
export const CIP1559_PREFIX: Uint8Array = Uint8Array.of(0x63, 0x66, 0x78, 0x02)

export const MAX_U256 = (1n << 256n) - 1n
export const MAX_U64 = (1n << 64n) - 1n
export const MAX_CHAIN_ID = 0xffff_ffff
