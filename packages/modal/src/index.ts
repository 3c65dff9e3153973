/**
 * @tessera/modal — the dapp's connect modal (`openConnectModal`): the pairing URI as a QR code,
 * a copy button and deep links into the signer. `@tessera/provider` loads it with `import()`
 * the first time it pairs without an `onPairingUri`. Explicit named exports only
 * (docs/STYLE.md#9-explicit-exports).
 */
export { MESSAGES, type Messages } from './messages.ts'
export { CONNECT_MODAL_TAG, openConnectModal } from './openConnectModal.ts'
export {
  type SignerLink,
  type SignerLinkKind,
  signerLinks,
  TELEGRAM_STARTAPP_MAX_LENGTH,
  WECHAT_QUERY_MAX_LENGTH,
} from './signerLinks.ts'
export type {
  ConnectModalCloser,
  ConnectModalController,
  ConnectModalLinks,
  ConnectModalLocale,
  ConnectModalParameters,
  ConnectModalState,
  ConnectModalTheme,
} from './types.ts'
