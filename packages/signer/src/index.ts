/**
 * `@tessera/signer`: the platform-neutral wallet engine (no UI). Explicit named exports only
 * (docs/STYLE.md#9-explicit-exports).
 */

export { accountPath, MAX_ACCOUNT_INDEX } from './accounts/accountPath.ts'
export { coreAddress } from './accounts/coreAddress.ts'
export {
  type Account,
  DEFAULT_CORE_NETWORKS,
  deriveAccount,
  type WalletKeys,
} from './accounts/deriveAccount.ts'
export { evmAddress } from './accounts/evmAddress.ts'
export { solanaAddress } from './accounts/solanaAddress.ts'
export { parseBackupFile, serializeBackupFile } from './backup/backupFile.ts'
export {
  BACKUP_INDEX,
  backupKeyOf,
  backupShareOf,
  isPhrase,
  PHRASE_WORDS,
  seedToWords,
  wordsToSeed,
} from './backup/backupPhrase.ts'
export {
  type BackupEngine,
  exportWalletBackup,
  type WalletBackup,
} from './backup/exportWalletBackup.ts'
export {
  bip143Sighash,
  SIGHASH_ALL,
} from './chains/bitcoin/bip143Sighash.ts'
export { hash160, p2wpkhAddress, p2wpkhScript } from './chains/bitcoin/p2wpkh.ts'
export {
  type SignBitcoinPsbtRequest,
  type SignedPsbt,
  signBitcoinPsbt,
} from './chains/bitcoin/signBitcoinPsbt.ts'
export { ChainError, type ChainErrorCode } from './chains/chainError.ts'
export {
  type ChainRegistry,
  type ChainRegistryOptions,
  createChainRegistry,
} from './chains/createChainRegistry.ts'
export {
  type AddEthereumChainParameter,
  parseAddEthereumChain,
} from './chains/parseAddEthereumChain.ts'
export { PLATFORM_CHAINS, type PlatformName } from './chains/platforms.ts'
export {
  type AddressFormat,
  BUILTIN_CHAINS,
  builtinChain,
  type ChainCurve,
  type ChainFamily,
  type ChainInfo,
  type NativeCurrency,
} from './chains/registry.ts'
export { parseBoc, serializeBoc } from './chains/ton/boc.ts'
export { beginCell, type Cell } from './chains/ton/cell.ts'
export {
  type SignedTonTransfer,
  type SignTonTransferRequest,
  signTonTransfer,
  type TonMessage,
} from './chains/ton/signTonTransfer.ts'
export {
  commentBody,
  decodeTonBody,
  JETTON_TRANSFER_OP,
  jettonTransferBody,
  type TonBody,
} from './chains/ton/tonBody.ts'
export {
  formatTonAddress,
  parseTonAddress,
  type TonAddress,
  tonWalletAddress,
  walletV4StateInit,
} from './chains/ton/tonWallet.ts'
export type {
  CosignerLink,
  CosignerSession,
  DkgOpenRequest,
  EcdsaOpenRequest,
  FrostRequest,
  SigningContext,
  SoterLink,
} from './cosigner/cosignerLink.ts'
export { isSoterRequired, soterDigestPurpose } from './cosigner/cosignerLink.ts'
export { type CosignerLinkOptions, createCosignerLink } from './cosigner/createCosignerLink.ts'
export {
  createDappConnections,
  type DappConnections,
  type DappConnectionsEvents,
  type DappConnectionsOptions,
  requestExpiredError,
} from './dapps/createDappConnections.ts'
export { createInbox, type Inbox, type InboxEntry } from './dapps/createInbox.ts'
export { DappsError, type DappsErrorCode } from './dapps/dappsError.ts'
export {
  MAX_PAIRING_LINK_CHARS,
  type PairingLink,
  parsePairingLink,
} from './dapps/parsePairingLink.ts'
export { soterPurposeOf } from './dapps/policyDenial.ts'
export {
  type DappSigner,
  MAX_REQUEST_PARAMS_BYTES,
  type TransactionSender,
} from './dapps/signRequest.ts'
export type {
  DappSession,
  Describe,
  DescribeInput,
  Description,
  Field,
  FieldValue,
  Grants,
  InboxEvents,
  InboxItem,
  InboxItemStatus,
  Locale,
  RequestSource,
  ResumableRequest,
  Severity,
  VerifyStatus,
  Warning,
} from './dapps/types.ts'
export type { ApprovalRequest, OnApprove } from './embedded/approval.ts'
export {
  createEmbeddedProvider,
  type EmbeddedProvider,
  type EmbeddedProviderEvent,
} from './embedded/createEmbeddedProvider.ts'
export { createEmbeddedWalletClient } from './embedded/createEmbeddedWalletClient.ts'
export { toSignerAccount } from './embedded/toSignerAccount.ts'
export {
  type CreatedWallet,
  createWallet,
  type WalletKeyHandles,
  walletKeyIds,
} from './engine/createWallet.ts'
export { type PresignatureShelf, presignatureShelf } from './engine/presignatures.ts'
export { type DkgPhase, type DkgResult, type OnboardingProgress, runDkg } from './engine/runDkg.ts'
export { type DigestSignature, signDigest } from './engine/signDigest.ts'
export { signEd25519 } from './engine/signEd25519.ts'
export type { DeviceEngine, SignerContext, WalletKey } from './engine/types.ts'
export { type WalletSigner, walletSigner } from './engine/walletSigner.ts'
export {
  ConcurrentWriteError,
  CosignerLinkError,
  type CosignerLinkErrorCode,
  PasscodeRequiredError,
  PlatformError,
  type PlatformErrorCode,
  VaultClosedError,
  VaultLockedError,
  VaultReadError,
  WeakKdfError,
  WeakPasscodeError,
  WrongPasscodeError,
} from './errors.ts'
export {
  type AlipayWebViewOptions,
  alipayWebViewPlatform,
} from './platform/alipayWebViewPlatform.ts'
export { boundedStorage } from './platform/boundedStorage.ts'
export { type BrowserPlatformOptions, browserPlatform } from './platform/browserPlatform.ts'
export { loadCloudBackup, MAX_BACKUP_CHUNKS, saveCloudBackup } from './platform/cloudBackup.ts'
export { decodeStartParam, encodeStartParam } from './platform/decodeStartParam.ts'
export { type DetectedPlatform, detectPlatform } from './platform/detectPlatform.ts'
export {
  TELEGRAM_LIMITS,
  type TelegramPlatform,
  type TelegramPlatformOptions,
  telegramPlatform,
} from './platform/telegramPlatform.ts'
export type { TelegramWebApp } from './platform/telegramTypes.ts'
export type {
  HapticKind,
  KeyValueStorage,
  LoginProof,
  PlatformAdapter,
  StorageLimits,
} from './platform/types.ts'
export type {
  AlipayWebViewBridge,
  WeChatMiniProgramBridge,
  WeChatWebViewHost,
} from './platform/webViewHosts.ts'
export {
  type SoterAnswer,
  type SoterRequest,
  WEBVIEW_LIMITS,
  type WeChatWebViewOptions,
  type WeChatWebViewPlatform,
  wechatWebViewPlatform,
} from './platform/wechatWebViewPlatform.ts'
export {
  type ChangePasscodeInput,
  type OpenVaultOptions,
  openVault,
  type Vault,
} from './vault/openVault.ts'
export {
  checkBackupPassphrase,
  checkNewPasscode,
  DEFAULT_PASSCODE_KDF,
  MIN_BACKUP_PASSPHRASE,
  MIN_NEW_PASSCODE,
  MIN_PASSCODE_KDF,
  type PasscodeKdf,
} from './vault/passcode.ts'
export { BACKUP_QR_PREFIX, MIN_CONFIRMED_WORDS } from './wallet/backupMaterial.ts'
export { createSignerWallet, SESSION_RENEW_MARGIN_MS } from './wallet/createSignerWallet.ts'
export { WALLET_KEY_IDS } from './wallet/onboard.ts'
export type {
  BackupMaterial,
  OnboardProgress,
  PhraseAnswers,
  SignerWallet,
  SignerWalletOptions,
  WalletEvents,
  WalletState,
  WalletVault,
} from './wallet/types.ts'
export { WalletError, type WalletErrorCode } from './wallet/walletError.ts'
