/**
 * The wallet's backup file (docs/ARCHITECTURE.md#backup; docs/THRESHOLD.md#backup-export): the
 * backup party's (index 3) share of each key, taken from the DKG transcript where it travels
 * encrypted to the backup's X25519 key, and sealed by mpc's `exportBackup` (argon2id +
 * XChaCha20-Poly1305) under the user's passphrase (at least 10 characters, 5 different: checkBackupPassphrase), with
 * this package's argon2id floor. It all runs
 * in a BACKUP ENGINE: an mpc engine with an in-memory store (the signer Worker serves one,
 * `openBackupEngine`), so the backup share is never written to the device's vault or disk and never
 * reaches the page; it is deleted (wiped) from that engine before this returns, and so is the
 * backup key.
 */
import type { BackupBlob, DkgTranscript } from '@tessera/mpc'
import type { MpcEngine } from '@tessera/mpc/worker'
import {
  checkBackupPassphrase,
  checkPasscodeKdf,
  DEFAULT_PASSCODE_KDF,
  type PasscodeKdf,
} from '../vault/passcode.ts'

export type BackupEngine = Pick<
  MpcEngine,
  'importOfflineShare' | 'exportBackup' | 'deleteKey' | 'dropBackupKey'
>

/** Version 1 of the backup file: one mpc backup blob per key. */
export type WalletBackup = {
  readonly v: 1
  readonly secp256k1: BackupBlob
  readonly ed25519: BackupBlob
}

export async function exportWalletBackup(
  engine: BackupEngine,
  options: {
    /** The handle of the backup's X25519 key in `engine` (made with its `createBackupKey`). */
    readonly backupKey: string
    readonly transcripts: { readonly secp256k1: DkgTranscript; readonly ed25519: DkgTranscript }
    readonly passphrase: string
    readonly kdf?: PasscodeKdf
  },
): Promise<WalletBackup> {
  const passphrase = checkBackupPassphrase(options.passphrase)
  const kdf = checkPasscodeKdf(options.kdf ?? DEFAULT_PASSCODE_KDF)
  const one = async (transcript: DkgTranscript): Promise<BackupBlob> => {
    const key = await engine.importOfflineShare(transcript, 3, options.backupKey)
    try {
      return await engine.exportBackup(key.handle, passphrase, { kdf })
    } finally {
      await engine.deleteKey(key.handle)
    }
  }
  try {
    return {
      v: 1,
      secp256k1: await one(options.transcripts.secp256k1),
      ed25519: await one(options.transcripts.ed25519),
    }
  } finally {
    await engine.dropBackupKey(options.backupKey)
  }
}
