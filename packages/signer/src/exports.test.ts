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
    'ConcurrentWriteError',
    'CosignerLinkError',
    'DEFAULT_CORE_NETWORKS',
    'DEFAULT_PASSCODE_KDF',
    'DappsError',
    'MAX_ACCOUNT_INDEX',
    'MAX_REQUEST_PARAMS_BYTES',
    'MIN_PASSCODE_KDF',
    'PasscodeRequiredError',
    'VaultClosedError',
    'VaultLockedError',
    'VaultReadError',
    'WeakKdfError',
    'WrongPasscodeError',
    'accountPath',
    'boundedStorage',
    'browserPlatform',
    'coreAddress',
    'createCosignerLink',
    'createDappConnections',
    'createEmbeddedProvider',
    'createEmbeddedWalletClient',
    'createInbox',
    'createWallet',
    'deriveAccount',
    'evmAddress',
    'exportWalletBackup',
    'openVault',
    'parseBackupFile',
    'requestExpiredError',
    'runDkg',
    'serializeBackupFile',
    'signDigest',
    'signEd25519',
    'solanaAddress',
    'toSignerAccount',
    'walletSigner',
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
