/**
 * The device side's pieces: the mpc engine it drives (in a Worker through comlink in the app,
 * in-process in tests: only handles and public data cross), the co-signer link and its session,
 * and a wallet key as the engine knows it (handle + public key state, never the share).
 */
import type { PublicKeyState } from '@tessera/mpc'
import type { MpcEngine } from '@tessera/mpc/worker'
import type { CosignerLink, CosignerSession } from '../cosigner/cosignerLink.ts'
import type { PresignatureShelf } from './presignatures.ts'

export type DeviceEngine = Pick<
  MpcEngine,
  | 'createBackupKey'
  | 'dropBackupKey'
  | 'dkgStart'
  | 'dkgStep'
  | 'dkgAbort'
  | 'dklsOpen'
  | 'dklsRound1'
  | 'dklsRound2'
  | 'dklsRound3'
  | 'dklsSign'
  | 'dklsCombine'
  | 'dklsAbort'
  | 'dklsPresign'
  | 'dklsSignWithPresignature'
  | 'frostCommit'
  | 'frostSign'
  | 'frostAggregate'
  // Recovery, refresh and export (wallet/keyLifecycle.ts).
  | 'importBackupKey'
  | 'recoveryTargetStart'
  | 'recoveryHelperStart'
  | 'backupHelperStart'
  | 'backupTargetStart'
  | 'reshareStep'
  | 'reshareAbort'
  | 'startPairSetup'
  | 'respondPairSetup'
  | 'finishPairSetup'
  | 'abortPairSetup'
  | 'exportPrivateKey'
  | 'deleteKey'
>

export type SignerContext = {
  readonly engine: DeviceEngine
  readonly link: CosignerLink
  /** The current co-signer session (the caller logs in again when it has expired). */
  readonly session: () => CosignerSession
  /** Presignatures made ahead: when one is ready for the key and path, signing takes one round trip. */
  readonly presignatures?: PresignatureShelf
}

export type WalletKey = { readonly handle: string; readonly public: PublicKeyState }
