/**
 * @tessera/provider — the dapp side of Tessera for EVM chains: `createTesseraProvider` (an
 * EIP-1193 provider over an encrypted, persisted session; docs/CHAINS.md#evm) and EIP-6963
 * `announceProvider`. Explicit named exports only (docs/STYLE.md#9-explicit-exports); internals
 * stay unexported.
 */
export { TESSERA_ICON, TESSERA_NAME, TESSERA_RDNS } from './constants.ts'
export { createTesseraProvider } from './createTesseraProvider.ts'
export {
  ANNOUNCE_PROVIDER_EVENT,
  type AnnounceProviderParameters,
  announceProvider,
  type ProviderDetail,
  type ProviderInfo,
  REQUEST_PROVIDER_EVENT,
} from './eip6963/announceProvider.ts'
export type { Permission } from './methods/permissions.ts'
export type {
  ChainRpc,
  ConnectModalOptions,
  TesseraProvider,
  TesseraProviderParameters,
} from './types.ts'
