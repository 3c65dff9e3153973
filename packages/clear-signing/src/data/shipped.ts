/**
 * The token list and address names shipped with the package (data/tokens.json, data/names.json),
 * expanded into the registry's shapes. The JSON is compact — `[address, symbol, decimals, name]`
 * per token, `[chains, address, name]` per name with `*` for every EVM chain — and every address is
 * checksummed (checked by shipped.test.ts).
 */
import type { AddressName, TokenInfo } from '../types.ts'
import names from './names.json' with { type: 'json' }
import tokens from './tokens.json' with { type: 'json' }

export const SHIPPED_TOKENS: readonly TokenInfo[] = Object.entries(tokens).flatMap(
  ([chainId, list]) =>
    list.map(([address, symbol, decimals, name]) => ({
      chainId,
      address: String(address),
      symbol: String(symbol),
      decimals: Number(decimals),
      name: String(name),
    })),
)

/** Chains of a names.json entry: `*` (every eip155 chain) or `eip155:1,137,…`. */
function chainsOf(spec: string): readonly string[] {
  if (spec === '*') return ['eip155:*']
  const [namespace, ids = ''] = spec.split(':')
  return ids.split(',').map((id) => `${namespace}:${id}`)
}

export const SHIPPED_NAMES: readonly AddressName[] = names.flatMap(([chains, address, name]) =>
  chainsOf(String(chains)).map((chainId) => ({
    chainId,
    address: String(address),
    name: String(name),
  })),
)
