/**
 * The wallet façade's one error class. `code` says what the app should do next:
 * - `NotReady`: the call needs another state (log in, onboard first);
 * - `StorageRead`: the wallet's stored metadata could not be read or is malformed — never treated
 *   as an empty wallet (that would start a second key for the identity); offer recovery;
 * - `KeyExists`: the co-signer already holds this identity's key, so no new DKG runs: recover;
 * - `WrongIdentity`: the login is another identity than the one this vault's keys belong to;
 * - `Aborted`: the caller aborted (onboarding can be started again);
 * - `BackupUnavailable`: no backup of the current epoch is held by this session;
 * - `BackupOutdated`: the backup (phrase or file) is of an epoch before a refresh or recovery; it
 *   no longer combines with anything: use the backup made at the key's current epoch;
 * - `WrongBackup`: the backup does not open (another wallet's phrase, a wrong passphrase);
 * - `RecoveryFailed`: recovery or refresh could not complete (the message says where);
 * - `ExportRefused`: the full-key export was not confirmed with the exact sentence;
 * - `Unsupported`: the wallet was made without what the call needs (`changePasscode` without
 *   `options.vault`);
 * - `Closed`: the wallet was closed.
 */
import { BaseError } from '@tessera/protocol'

export type WalletErrorCode =
  | 'NotReady'
  | 'StorageRead'
  | 'KeyExists'
  | 'WrongIdentity'
  | 'Aborted'
  | 'BackupUnavailable'
  | 'BackupOutdated'
  | 'WrongBackup'
  | 'RecoveryFailed'
  | 'ExportRefused'
  | 'Unsupported'
  | 'Closed'

export class WalletError extends BaseError {
  override name = 'WalletError'
  readonly code: WalletErrorCode
  constructor(code: WalletErrorCode, shortMessage: string, options: { cause?: unknown } = {}) {
    super(shortMessage, options.cause === undefined ? {} : { cause: options.cause })
    this.code = code
  }
}
