/**
 * Registers the Tessera Solana wallet with the page's Wallet Standard registry
 * (`@wallet-standard/wallet`'s `registerWallet`), so @solana/kit, wallet-adapter and any
 * Wallet Standard app list "Tessera" without a custom adapter. Returns the wallet object.
 */
import type { Wallet } from '@wallet-standard/base'
import { registerWallet } from '@wallet-standard/wallet'
import {
  createTesseraSolanaWallet,
  type TesseraSolanaWalletOptions,
} from './createTesseraSolanaWallet.ts'

export function registerTesseraSolanaWallet(options: TesseraSolanaWalletOptions): Wallet {
  const wallet = createTesseraSolanaWallet(options)
  registerWallet(wallet)
  return wallet
}
