/**
 * `@tessera/signer/walletconnect`: WalletConnect v2 wallet mode, a subpath of its own so an app
 * loads the WalletConnect SDK only when a `wc:` link is used (docs/STYLE.md#9-explicit-exports).
 */
export { approvedNamespaces, NamespaceRefusal, WC_REASONS } from './approvedNamespaces.ts'
export {
  createWalletConnectWallet,
  WALLETCONNECT_EXPIRED,
  WALLETCONNECT_EXPIRY_MARGIN_MS,
  type WalletConnectWallet,
  type WalletConnectWalletEvents,
  type WalletConnectWalletOptions,
  walletConnectDeadline,
} from './createWalletConnectWallet.ts'
export { rpcSender } from './rpcSender.ts'
