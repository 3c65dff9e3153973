/**
 * The backup passphrase rule the Backup screen shows before it asks the wallet for a file or a QR
 * code: the engine's own `checkBackupPassphrase` decides (so the app never accepts a passphrase
 * the engine refuses, nor refuses one it accepts); this only names which part failed so the
 * message says what to change.
 */
import { checkBackupPassphrase, MIN_BACKUP_PASSPHRASE } from '@tessera/signer'

export type PassphraseProblem = 'short' | 'repetitive' | 'long'

/** Why the engine would refuse `passphrase`, or `undefined` when it accepts it. */
export function backupPassphraseProblem(passphrase: string): PassphraseProblem | undefined {
  try {
    checkBackupPassphrase(passphrase)
    return undefined
  } catch {
    // Counted as the engine counts: code points after NFKC.
    const chars = [...passphrase.normalize('NFKC')]
    if (chars.length < MIN_BACKUP_PASSPHRASE.length) return 'short'
    if (new Set(chars).size < MIN_BACKUP_PASSPHRASE.distinct) return 'repetitive'
    return 'long'
  }
}
