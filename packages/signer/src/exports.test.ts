/**
 * The public run-time exports (docs/STYLE.md#9-explicit-exports: a change here is an API change,
 * seen in review).
 */
import { expect, test } from 'vitest'
import * as signer from './index.ts'
import * as walletconnect from './walletconnect/index.ts'
import * as worker from './worker/index.ts'

test('the public run-time exports of @tessera/signer', () => {
  expect(Object.keys(signer).sort()).toEqual([
    'BACKUP_INDEX',
    'BACKUP_QR_PREFIX',
    'ConcurrentWriteError',
    'CosignerLinkError',
    'DEFAULT_CORE_NETWORKS',
    'DEFAULT_PASSCODE_KDF',
    'DappsError',
    'MAX_ACCOUNT_INDEX',
    'MAX_REQUEST_PARAMS_BYTES',
    'MIN_CONFIRMED_WORDS',
    'MIN_PASSCODE_KDF',
    'PHRASE_WORDS',
    'PasscodeRequiredError',
    'SESSION_RENEW_MARGIN_MS',
    'VaultClosedError',
    'VaultLockedError',
    'VaultReadError',
    'WALLET_KEY_IDS',
    'WalletError',
    'WeakKdfError',
    'WrongPasscodeError',
    'accountPath',
    'backupKeyOf',
    'backupShareOf',
    'boundedStorage',
    'browserPlatform',
    'coreAddress',
    'createCosignerLink',
    'createDappConnections',
    'createEmbeddedProvider',
    'createEmbeddedWalletClient',
    'createInbox',
    'createSignerWallet',
    'createWallet',
    'deriveAccount',
    'evmAddress',
    'exportWalletBackup',
    'isPhrase',
    'openVault',
    'parseBackupFile',
    'presignatureShelf',
    'requestExpiredError',
    'runDkg',
    'seedToWords',
    'serializeBackupFile',
    'signDigest',
    'signEd25519',
    'solanaAddress',
    'toSignerAccount',
    'walletKeyIds',
    'walletSigner',
    'wordsToSeed',
  ])
})

test('the public run-time exports of @tessera/signer/worker', () => {
  expect(Object.keys(worker).sort()).toEqual(['connectSignerWorker', 'exposeSignerWorker'])
})

test('the public run-time exports of @tessera/signer/walletconnect', () => {
  expect(Object.keys(walletconnect).sort()).toEqual([
    'NamespaceRefusal',
    'WALLETCONNECT_EXPIRED',
    'WC_REASONS',
    'approvedNamespaces',
    'createWalletConnectWallet',
    'rpcSender',
  ])
})
