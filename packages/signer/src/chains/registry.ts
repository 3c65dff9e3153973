/**
 * The table of every chain the signer supports, one row per network (docs/CHAINS.md#chain-registry):
 * CAIP-2 id, name, curve, address format, native currency, the clear-signing decoders that
 * describe its requests, and explorer links. Data only: adding a chain is adding a row; the
 * user's own EVM chains (`wallet_addEthereumChain`) live in createChainRegistry.ts, never here.
 */

export type ChainFamily = 'evm' | 'conflux-core' | 'solana' | 'bitcoin' | 'ton'
export type ChainCurve = 'secp256k1' | 'ed25519'
/**
 * How an account's address is written: `evm-hex` (EIP-55), `cip37` (Conflux base32),
 * `base58` (Solana), `bech32-p2wpkh` (BIP173 native SegWit v0), `ton-user-friendly` (TON's
 * base64url form, non-bounceable for a wallet's own address).
 */
export type AddressFormat = 'evm-hex' | 'cip37' | 'base58' | 'bech32-p2wpkh' | 'ton-user-friendly'

export type NativeCurrency = {
  readonly name: string
  readonly symbol: string
  readonly decimals: number
}

export type ChainInfo = {
  /** CAIP-2: `eip155:1`, `cfx:1029`, `solana:<genesis hash prefix>`, `bip122:<genesis prefix>`, `ton:-239`. */
  readonly id: string
  readonly name: string
  readonly family: ChainFamily
  readonly curve: ChainCurve
  readonly addressFormat: AddressFormat
  readonly nativeCurrency: NativeCurrency
  /** Clear-signing decoder families that describe this chain's requests (`@tessera/clear-signing`). */
  readonly decoders: readonly string[]
  /** Block explorer base URL (no trailing slash); absent for local chains. */
  readonly explorer?: string
  readonly testnet: boolean
  /** True for rows added by the user through `wallet_addEthereumChain`. */
  readonly custom?: true
  /** RPC endpoints the user approved (custom EVM chains only). */
  readonly rpcUrls?: readonly string[]
}

const ETH: NativeCurrency = { name: 'Ether', symbol: 'ETH', decimals: 18 }
const CFX: NativeCurrency = { name: 'Conflux', symbol: 'CFX', decimals: 18 }
const SOL: NativeCurrency = { name: 'Solana', symbol: 'SOL', decimals: 9 }
const BTC: NativeCurrency = { name: 'Bitcoin', symbol: 'BTC', decimals: 8 }
const TON: NativeCurrency = { name: 'Toncoin', symbol: 'TON', decimals: 9 }

type Row = Omit<ChainInfo, 'family' | 'curve' | 'addressFormat' | 'decoders' | 'testnet'> & {
  readonly testnet?: boolean
}

const evm = (row: Row): ChainInfo => ({
  ...row,
  family: 'evm',
  curve: 'secp256k1',
  addressFormat: 'evm-hex',
  decoders: ['evm'],
  testnet: row.testnet ?? false,
})
const core = (row: Row): ChainInfo => ({
  ...row,
  family: 'conflux-core',
  curve: 'secp256k1',
  addressFormat: 'cip37',
  decoders: ['conflux'],
  testnet: row.testnet ?? false,
})
const solana = (row: Row): ChainInfo => ({
  ...row,
  family: 'solana',
  curve: 'ed25519',
  addressFormat: 'base58',
  decoders: ['solana'],
  testnet: row.testnet ?? false,
})
const bitcoin = (row: Row): ChainInfo => ({
  ...row,
  family: 'bitcoin',
  curve: 'secp256k1',
  addressFormat: 'bech32-p2wpkh',
  decoders: ['bitcoin.psbt'],
  testnet: row.testnet ?? false,
})
const ton = (row: Row): ChainInfo => ({
  ...row,
  family: 'ton',
  curve: 'ed25519',
  addressFormat: 'ton-user-friendly',
  decoders: ['ton'],
  testnet: row.testnet ?? false,
})

/** Every built-in chain, in the order a chain picker lists them. Frozen. */
export const BUILTIN_CHAINS: readonly ChainInfo[] = Object.freeze(
  [
    evm({
      id: 'eip155:1',
      name: 'Ethereum',
      nativeCurrency: ETH,
      explorer: 'https://etherscan.io',
    }),
    evm({
      id: 'eip155:137',
      name: 'Polygon',
      nativeCurrency: { name: 'POL', symbol: 'POL', decimals: 18 },
      explorer: 'https://polygonscan.com',
    }),
    evm({
      id: 'eip155:56',
      name: 'BNB Chain',
      nativeCurrency: { name: 'BNB', symbol: 'BNB', decimals: 18 },
      explorer: 'https://bscscan.com',
    }),
    evm({
      id: 'eip155:42161',
      name: 'Arbitrum One',
      nativeCurrency: ETH,
      explorer: 'https://arbiscan.io',
    }),
    evm({
      id: 'eip155:10',
      name: 'OP Mainnet',
      nativeCurrency: ETH,
      explorer: 'https://optimistic.etherscan.io',
    }),
    evm({ id: 'eip155:8453', name: 'Base', nativeCurrency: ETH, explorer: 'https://basescan.org' }),
    core({
      id: 'cfx:1029',
      name: 'Conflux Core',
      nativeCurrency: CFX,
      explorer: 'https://confluxscan.org',
    }),
    core({
      id: 'cfx:1',
      name: 'Conflux Core Testnet',
      nativeCurrency: CFX,
      explorer: 'https://testnet.confluxscan.org',
      testnet: true,
    }),
    core({ id: 'cfx:2029', name: 'Conflux Core (local)', nativeCurrency: CFX, testnet: true }),
    evm({
      id: 'eip155:1030',
      name: 'Conflux eSpace',
      nativeCurrency: CFX,
      explorer: 'https://evm.confluxscan.org',
    }),
    evm({
      id: 'eip155:71',
      name: 'Conflux eSpace Testnet',
      nativeCurrency: CFX,
      explorer: 'https://evmtestnet.confluxscan.org',
      testnet: true,
    }),
    solana({
      id: 'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp',
      name: 'Solana',
      nativeCurrency: SOL,
      explorer: 'https://explorer.solana.com',
    }),
    solana({
      id: 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1',
      name: 'Solana Devnet',
      nativeCurrency: SOL,
      explorer: 'https://explorer.solana.com/?cluster=devnet',
      testnet: true,
    }),
    bitcoin({
      id: 'bip122:000000000019d6689c085ae165831e93',
      name: 'Bitcoin',
      nativeCurrency: BTC,
      explorer: 'https://mempool.space',
    }),
    bitcoin({
      id: 'bip122:000000000933ea01ad0ee984209779ba',
      name: 'Bitcoin Testnet',
      nativeCurrency: BTC,
      explorer: 'https://mempool.space/testnet',
      testnet: true,
    }),
    bitcoin({
      id: 'bip122:0f9188f13cb7b2c71f2a335e3a4fc328',
      name: 'Bitcoin Regtest',
      nativeCurrency: BTC,
      testnet: true,
    }),
    ton({ id: 'ton:-239', name: 'TON', nativeCurrency: TON, explorer: 'https://tonviewer.com' }),
    ton({
      id: 'ton:-3',
      name: 'TON Testnet',
      nativeCurrency: TON,
      explorer: 'https://testnet.tonviewer.com',
      testnet: true,
    }),
    evm({ id: 'eip155:31337', name: 'Hardhat (local)', nativeCurrency: ETH, testnet: true }),
  ].map((chain) => Object.freeze(chain)),
)

const BY_ID: ReadonlyMap<string, ChainInfo> = new Map(BUILTIN_CHAINS.map((c) => [c.id, c]))

/** The built-in chain with CAIP-2 id `id`, or `undefined`. */
export function builtinChain(id: string): ChainInfo | undefined {
  return BY_ID.get(id)
}
