/**
 * The home screen's rows: the first account's address on each configured chain (EVM chains share
 * one address; Conflux Core is per network id; Solana and TON from the Ed25519 key: TON's is the
 * wallet v4r2 contract's address, non-bounceable as wallets show their own, test-only flagged on
 * the testnet `ton:-3`). Chains the account has no key for are left out.
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
  'ton:-239': 'TON',
  'ton:-3': 'TON testnet',
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
