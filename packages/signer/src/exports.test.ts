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
    'JETTON_TRANSFER_OP',
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
    'beginCell',
    'bip143Sighash',
    'boundedStorage',
    'browserPlatform',
    'builtinChain',
    'commentBody',
    'coreAddress',
    'createChainRegistry',
    'createCosignerLink',
    'createEmbeddedProvider',
    'createEmbeddedWalletClient',
    'createWallet',
    'decodeTonBody',
    'deriveAccount',
    'evmAddress',
    'exportWalletBackup',
    'formatTonAddress',
    'hash160',
    'jettonTransferBody',
    'openVault',
    'p2wpkhAddress',
    'p2wpkhScript',
    'parseAddEthereumChain',
    'parseBackupFile',
    'parseBoc',
    'parseTonAddress',
    'runDkg',
    'serializeBackupFile',
    'serializeBoc',
    'signBitcoinPsbt',
    'signDigest',
    'signEd25519',
    'signTonTransfer',
    'solanaAddress',
    'toSignerAccount',
    'tonWalletAddress',
    'walletSigner',
    'walletV4StateInit',
  ])
})

test('the public run-time exports of @tessera/signer/worker', () => {
  expect(Object.keys(worker).sort()).toEqual(['connectSignerWorker', 'exposeSignerWorker'])
})
