/**
 * Names and native currencies of the chains the signer describes, by CAIP-2 id. A chain missing
 * here is still described, as "Chain <id>" with an 18-decimal native unit named after its
 * namespace (ETH / CFX), so an unknown chain is visible as such rather than guessed.
 */

export type ChainInfo = {
  readonly name: string
  readonly symbol: string
  readonly decimals: number
}

const CHAINS: Readonly<Record<string, ChainInfo>> = {
  'eip155:1': { name: 'Ethereum', symbol: 'ETH', decimals: 18 },
  'eip155:11155111': { name: 'Sepolia', symbol: 'ETH', decimals: 18 },
  'eip155:137': { name: 'Polygon', symbol: 'POL', decimals: 18 },
  'eip155:56': { name: 'BNB Smart Chain', symbol: 'BNB', decimals: 18 },
  'eip155:42161': { name: 'Arbitrum One', symbol: 'ETH', decimals: 18 },
  'eip155:10': { name: 'OP Mainnet', symbol: 'ETH', decimals: 18 },
  'eip155:8453': { name: 'Base', symbol: 'ETH', decimals: 18 },
  'eip155:1030': { name: 'Conflux eSpace', symbol: 'CFX', decimals: 18 },
  'eip155:71': { name: 'Conflux eSpace Testnet', symbol: 'CFX', decimals: 18 },
  'eip155:31337': { name: 'Local devchain', symbol: 'ETH', decimals: 18 },
  'cfx:1029': { name: 'Conflux Core', symbol: 'CFX', decimals: 18 },
  'cfx:1': { name: 'Conflux Core Testnet', symbol: 'CFX', decimals: 18 },
  'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp': { name: 'Solana', symbol: 'SOL', decimals: 9 },
  'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1': { name: 'Solana Devnet', symbol: 'SOL', decimals: 9 },
  'solana:4uhcVJyU9pJkvQyS88uRDiswHXSCkY3z': { name: 'Solana Testnet', symbol: 'SOL', decimals: 9 },
}

export function chainInfo(chainId: string): ChainInfo {
  const known = CHAINS[chainId]
  if (known !== undefined) return known
  const [namespace = '', reference = ''] = chainId.split(':')
  const symbol = namespace === 'cfx' ? 'CFX' : namespace === 'solana' ? 'SOL' : 'ETH'
  return { name: `Chain ${reference}`, symbol, decimals: symbol === 'SOL' ? 9 : 18 }
}

/** "Ethereum (eip155:1)". */
export function chainLabel(chainId: string): string {
  return `${chainInfo(chainId).name} (${chainId})`
}
