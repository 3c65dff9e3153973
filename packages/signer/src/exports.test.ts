/**
 * The public run-time exports (docs/STYLE.md#9-explicit-exports: a change here is an API change,
 * seen in review).
 */
import { expect, test } from 'vitest'
import * as signer from './index.ts'
import * as worker from './worker/index.ts'

test('the public run-time exports of @tessera/signer', () => {
  expect(Object.keys(signer).sort()).toEqual([
    'ConcurrentWriteError',
    'CosignerLinkError',
    'DEFAULT_CORE_NETWORKS',
    'DEFAULT_PASSCODE_KDF',
    'MAX_ACCOUNT_INDEX',
    'MAX_BACKUP_CHUNKS',
    'MIN_PASSCODE_KDF',
    'PasscodeRequiredError',
    'PlatformError',
    'TELEGRAM_LIMITS',
    'VaultClosedError',
    'VaultLockedError',
    'VaultReadError',
    'WEBVIEW_LIMITS',
    'WeakKdfError',
    'WrongPasscodeError',
    'accountPath',
    'alipayWebViewPlatform',
    'boundedStorage',
    'browserPlatform',
    'coreAddress',
    'createCosignerLink',
    'createEmbeddedProvider',
    'createEmbeddedWalletClient',
    'createWallet',
    'decodeStartParam',
    'deriveAccount',
    'detectPlatform',
    'encodeStartParam',
    'evmAddress',
    'exportWalletBackup',
    'loadCloudBackup',
    'openVault',
    'parseBackupFile',
    'runDkg',
    'saveCloudBackup',
    'serializeBackupFile',
    'signDigest',
    'signEd25519',
    'solanaAddress',
    'telegramPlatform',
    'toSignerAccount',
    'walletSigner',
    'wechatWebViewPlatform',
  ])
})

test('the public run-time exports of @tessera/signer/worker', () => {
  expect(Object.keys(worker).sort()).toEqual(['connectSignerWorker', 'exposeSignerWorker'])
})
