/**
 * The token and address-name lookups a decoder uses: the lists shipped with the package plus the
 * caller's (`DescribeOptions.tokens`, `addressNames`), the caller's winning. Names given for `eip155:*` apply on every EVM chain. EVM addresses are
 * compared lowercased; other chains' addresses (base32, base58) as given.
 */
import type { TokenLookup } from './context.ts'
import { SHIPPED_NAMES, SHIPPED_TOKENS } from './data/shipped.ts'
import type { AddressName, TokenInfo } from './types.ts'

function keyOf(chainId: string, address: string): string {
  return chainId.startsWith('eip155:') || address.startsWith('0x')
    ? `${chainId}|${address.toLowerCase()}`
    : `${chainId}|${address}`
}

export type Registry = {
  readonly token: (chainId: string, address: string) => TokenLookup | undefined
  readonly addressName: (chainId: string, address: string) => string | undefined
}

/** The shipped lists followed by the caller's (later entries win). */
export function createRegistry(
  extraTokens: readonly TokenInfo[],
  extraNames: readonly AddressName[],
): Registry {
  const tokens = [...SHIPPED_TOKENS, ...extraTokens]
  const names = [...SHIPPED_NAMES, ...extraNames]
  const tokenMap = new Map<string, TokenLookup>()
  for (const token of tokens) {
    const lookup: TokenLookup =
      token.name === undefined
        ? { symbol: token.symbol, decimals: token.decimals }
        : { symbol: token.symbol, decimals: token.decimals, name: token.name }
    tokenMap.set(keyOf(token.chainId, token.address), lookup)
  }
  const nameMap = new Map<string, string>()
  for (const entry of names) nameMap.set(keyOf(entry.chainId, entry.address), entry.name)
  return {
    token: (chainId, address) => tokenMap.get(keyOf(chainId, address)),
    addressName: (chainId, address) =>
      nameMap.get(keyOf(chainId, address)) ??
      (chainId.startsWith('eip155:') ? nameMap.get(keyOf('eip155:*', address)) : undefined) ??
      tokenMap.get(keyOf(chainId, address))?.name,
  }
}
