/**
 * The token and address-name lookups a decoder uses: the lists shipped with the package plus the
 * caller's (`DescribeOptions.tokens`, `addressNames`), the caller's winning. EVM addresses are
 * compared lowercased; other chains' addresses (base32, base58) as given.
 */
import type { TokenLookup } from './context.ts'
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

export function createRegistry(
  tokens: readonly TokenInfo[],
  names: readonly AddressName[],
): Registry {
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
      nameMap.get(keyOf(chainId, address)) ?? tokenMap.get(keyOf(chainId, address))?.name,
  }
}
