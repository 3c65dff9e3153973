/**
 * `@tessera/solana`: Solana for dapps through the Wallet Standard, over a Tessera session.
 * Explicit named exports only (docs/STYLE.md#9-explicit-exports).
 */
export {
  createTesseraSolanaWallet,
  SOLANA_CHAINS,
  type TesseraSolanaWalletOptions,
} from './createTesseraSolanaWallet.ts'
export { registerTesseraSolanaWallet } from './registerTesseraSolanaWallet.ts'
export { SolanaWalletError, type SolanaWalletErrorCode } from './SolanaWalletError.ts'
export { solanaSessionFromProvider, type TesseraProviderLike } from './solanaSessionFromProvider.ts'
export type { SendTransaction, SolanaSessionLike } from './types.ts'
export {
  parseWireTransaction,
  signerIndex,
  type WireTransaction,
  withSignature,
} from './wireTransaction.ts'
