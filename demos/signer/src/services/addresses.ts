/**
 * The home screen's rows: the first account's address on each configured chain (EVM chains share
 * one address; Conflux Core is per network id; Solana and TON from the Ed25519 key: TON's is the
 * wallet v4r2 contract's address, non-bounceable as wallets show their own, test-only flagged on
 * the testnet `ton:-3`). Chains the account has no key for are left out. `pairingGrants`: what a
 * Tessera pairing offers a dapp — the first account on every configured chain a dapp session can
 * serve (EVM, Conflux Core, Solana; not TON); WalletConnect pairings keep the EVM ones
 * (`evmGrants`).
 */
import { type Account, coreAddress, formatTonAddress, tonWalletAddress } from '@tessera/signer'
import type { AddressRow } from './types.ts'

const NAMES: Record<string, string> = {
  'eip155:1': 'Ethereum',
  'eip155:31337': 'Hardhat (local)',
  'cfx:1029': 'Conflux Core',
  'cfx:1': 'Conflux Core testnet',
  'cfx:2029': 'Conflux Core (local)',
  'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp': 'Solana',
  'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1': 'Solana devnet',
  'ton:-239': 'TON',
  'ton:-3': 'TON testnet',
}

/** Chain families a Tessera dapp session serves (the engine's `checkGrants` accepts these). */
const SESSION_CHAIN =
  /^(eip155:[1-9][0-9]{0,15}|cfx:[1-9][0-9]{0,9}|solana:[1-9A-HJ-NP-Za-km-z]{32})$/

export type PairingGrants = { accounts: number[]; chains: string[] }

/** Account 0 on every configured chain a dapp session can serve (TON, Bitcoin: not yet). */
export function pairingGrants(chains: readonly string[]): PairingGrants {
  return { accounts: [0], chains: chains.filter((chain) => SESSION_CHAIN.test(chain)) }
}

/** Account 0 on the configured EVM chains (WalletConnect wallet mode). */
export function evmGrants(chains: readonly string[]): PairingGrants {
  return { accounts: [0], chains: chains.filter((chain) => chain.startsWith('eip155:')) }
}

export function addressRows(account: Account, chains: readonly string[]): AddressRow[] {
  const rows: AddressRow[] = []
  for (const chainId of chains) {
    const [namespace, reference = ''] = chainId.split(':')
    const label = NAMES[chainId] ?? chainId
    if (namespace === 'eip155' && account.secp256k1) {
      rows.push({ chainId, label, address: account.secp256k1.address })
    } else if (namespace === 'cfx' && account.secp256k1 && /^\d+$/.test(reference)) {
      const network = Number(reference)
      const address =
        account.secp256k1.core[network] ?? coreAddress(account.secp256k1.publicKey, network)
      rows.push({ chainId, label, address })
    } else if (namespace === 'solana' && account.ed25519) {
      rows.push({ chainId, label, address: account.ed25519.address })
    } else if (namespace === 'ton' && account.ed25519) {
      const wallet = tonWalletAddress(account.ed25519.publicKey)
      rows.push({
        chainId,
        label,
        address: formatTonAddress(wallet, { bounceable: false, testOnly: reference === '-3' }),
      })
    }
  }
  return rows
}
