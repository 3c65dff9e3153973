/**
 * The backup of the current epoch as the UI offers it right after onboarding, while this session
 * holds the backup seed: the 24-word phrase (backup/backupPhrase.ts), with a check that the user
 * kept it, and the encrypted file (backup/backupFile.ts: mpc's argon2id + XChaCha20-Poly1305
 * blob per key) and the same file as QR text. The file is made from the seed and the public DKG
 * transcripts: each backup share is decrypted, sealed under the passphrase and wiped at once. The
 * seed IS the backup (the phrase shown on this page), so a Worker boundary would not protect it
 * here; it is kept in memory only until the user confirmed a backup, then wiped.
 */
import { base64urlnopad } from '@scure/base'
import { exportBackup, type PublicKeyState } from '@tessera/mpc'
import { serializeBackupFile } from '../backup/backupFile.ts'
import { seedToWords } from '../backup/backupPhrase.ts'
import {
  checkBackupPassphrase,
  checkPasscodeKdf,
  DEFAULT_PASSCODE_KDF,
  type PasscodeKdf,
} from '../vault/passcode.ts'
import { type BackupEnvelope, backupShareFromEnvelope } from './backupEnvelope.ts'
import type { BackupSession } from './onboard.ts'
import type { BackupMaterial } from './types.ts'
import { WalletError } from './walletError.ts'
import type { KeyCurve } from './walletRecord.ts'

/** The QR text's prefix: scheme, version; the rest is the backup file in base64url. */
export const BACKUP_QR_PREFIX = 'tessera-backup:1:'
/** Positions the user must confirm, at least. */
export const MIN_CONFIRMED_WORDS = 3

export function backupMaterial(
  session: BackupSession,
  options: {
    readonly publics: Readonly<Record<KeyCurve, PublicKeyState>>
    /** Each key's backup envelope of the current epoch (DKG transcript or sealed share). */
    readonly envelopes: () => Promise<Readonly<Record<KeyCurve, BackupEnvelope>>>
    readonly kdf?: PasscodeKdf
    readonly kept: () => Promise<void>
  },
): BackupMaterial {
  const kdf = checkPasscodeKdf(options.kdf ?? DEFAULT_PASSCODE_KDF)
  let wiped = false
  const live = () => {
    if (wiped) throw new WalletError('BackupUnavailable', 'the backup was confirmed and wiped')
  }

  async function file(passphrase: string): Promise<Uint8Array> {
    live()
    checkBackupPassphrase(passphrase)
    const envelopes = await options.envelopes()
    const blob = (curve: KeyCurve) => {
      const share = backupShareFromEnvelope(session.seed, envelopes[curve], options.publics[curve])
      try {
        if (
          base64urlnopad.encode(share.publicKey) !==
          base64urlnopad.encode(options.publics[curve].publicKey)
        )
          throw new WalletError('BackupUnavailable', `the ${curve} transcript is of another key`)
        return exportBackup(share, passphrase, { kdf })
      } finally {
        share.secretShare.fill(0)
        for (const seed of Object.values(share.zeroSeeds)) seed.fill(0)
      }
    }
    return serializeBackupFile({ v: 1, secp256k1: blob('secp256k1'), ed25519: blob('ed25519') })
  }

  async function wipe(): Promise<void> {
    wiped = true
    session.seed.fill(0)
    await options.kept()
  }

  return {
    file,
    async qrText(passphrase) {
      return `${BACKUP_QR_PREFIX}${base64urlnopad.encode(await file(passphrase))}`
    },
    async phrase() {
      live()
      return seedToWords(session.seed)
    },
    async confirmPhrase(answers) {
      live()
      const entries = Object.entries(answers)
      if (entries.length < MIN_CONFIRMED_WORDS)
        throw new TypeError(`confirm at least ${MIN_CONFIRMED_WORDS} words of the phrase`)
      const words = seedToWords(session.seed)
      const ok = entries.every(
        ([position, word]) =>
          typeof word === 'string' &&
          words[Number(position) - 1] === word.normalize('NFKD').trim().toLowerCase(),
      )
      if (ok) await wipe()
      return ok
    },
    async confirmFile() {
      live()
      await wipe()
    },
  }
}
