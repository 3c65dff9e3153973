/**
 * The public run-time exports (docs/STYLE.md#9-explicit-exports: a change here is an API change,
 * seen in review).
 */
import { expect, test } from 'vitest'
import * as signer from './index.ts'
import * as worker from './worker/index.ts'

test('the public run-time exports of @tessera/signer', () => {
  expect(Object.keys(signer).sort()).toEqual([
    'BUILTIN_CHAINS',
    'ChainError',
    'ConcurrentWriteError',
    'CosignerLinkError',
    'DEFAULT_CORE_NETWORKS',
    'DEFAULT_PASSCODE_KDF',
    'MAX_ACCOUNT_INDEX',
    'MIN_PASSCODE_KDF',
    'PLATFORM_CHAINS',
    'PasscodeRequiredError',
    'SIGHASH_ALL',
    'VaultClosedError',
    'VaultLockedError',
    'VaultReadError',
    'WeakKdfError',
    'WrongPasscodeError',
    'accountPath',
    'bip143Sighash',
    'boundedStorage',
    'browserPlatform',
    'builtinChain',
    'coreAddress',
    'createChainRegistry',
    'createCosignerLink',
    'createEmbeddedProvider',
    'createEmbeddedWalletClient',
    'createWallet',
    'deriveAccount',
    'evmAddress',
    'exportWalletBackup',
    'hash160',
    'openVault',
    'p2wpkhAddress',
    'p2wpkhScript',
    'parseAddEthereumChain',
    'parseBackupFile',
    'runDkg',
    'serializeBackupFile',
    'signBitcoinPsbt',
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
