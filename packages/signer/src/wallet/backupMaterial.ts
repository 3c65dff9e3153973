/**
 * The backup of the current epoch as the UI offers it right after onboarding: the encrypted file
 * (backup/backupFile.ts: mpc's argon2id + XChaCha20-Poly1305 blob per key), the same file as QR
 * text, and the phrase form (backup/backupPhrase.ts: 24 words per key), with a check that the user
 * kept the phrase. The backup shares stay in the backup engine (in memory) until the user confirmed
 * a backup; then they are deleted there with the backup key. The phrase is the share written out,
 * so making it necessarily brings the share to the caller: it is decrypted from a one-time blob,
 * turned into words and wiped; the words are never kept by the wallet (the check recomputes them).
 */
import { randomBytes } from '@noble/hashes/utils.js'
import { base64urlnopad } from '@scure/base'
import { importBackup, type PublicKeyState } from '@tessera/mpc'
import { serializeBackupFile } from '../backup/backupFile.ts'
import { shareToWords } from '../backup/backupPhrase.ts'
import {
  checkPasscode,
  checkPasscodeKdf,
  DEFAULT_PASSCODE_KDF,
  MIN_PASSCODE_KDF,
  type PasscodeKdf,
} from '../vault/passcode.ts'
import type { BackupSession } from './onboard.ts'
import type { BackupMaterial, BackupPhrase, PhraseAnswers } from './types.ts'
import { WalletError } from './walletError.ts'
import { CURVES, type KeyCurve } from './walletRecord.ts'

export type { BackupSession }

/** The QR text's prefix: scheme, version; the rest is the backup file in base64url. */
export const BACKUP_QR_PREFIX = 'tessera-backup:1:'
/** Positions the user must confirm per key, at least. */
export const MIN_CONFIRMED_WORDS = 3

export function backupMaterial(
  session: BackupSession,
  options: {
    readonly publics: Readonly<Record<KeyCurve, PublicKeyState>>
    readonly kdf?: PasscodeKdf
    readonly kept: () => Promise<void>
  },
): BackupMaterial {
  const kdf = checkPasscodeKdf(options.kdf ?? DEFAULT_PASSCODE_KDF)
  /** Each key's backup share imported into the backup engine once (handles kept until wiped). */
  const imported = new Map<KeyCurve, Promise<string>>()
  const handleOf = (curve: KeyCurve): Promise<string> => {
    let found = imported.get(curve)
    if (found === undefined) {
      const transcript = session.transcripts[curve]
      if (transcript === undefined)
        throw new WalletError('BackupUnavailable', `no ${curve} backup share in this session`)
      found = session.engine
        .importOfflineShare(transcript, 3, session.backupKey.handle)
        .then((k) => k.handle)
      imported.set(curve, found)
    }
    return found
  }
  let wiped = false
  const live = () => {
    if (wiped) throw new WalletError('BackupUnavailable', 'the backup was confirmed and wiped')
  }

  async function file(passphrase: string): Promise<Uint8Array> {
    live()
    checkPasscode(passphrase)
    const blob = async (curve: KeyCurve) =>
      session.engine.exportBackup(await handleOf(curve), passphrase, { kdf })
    return serializeBackupFile({
      v: 1,
      secp256k1: await blob('secp256k1'),
      ed25519: await blob('ed25519'),
    })
  }

  async function phrase(): Promise<BackupPhrase> {
    live()
    const words = async (curve: KeyCurve) => {
      // A one-time passphrase at the floor cost: the blob never leaves this function.
      const once = base64urlnopad.encode(randomBytes(24))
      const blob = await session.engine.exportBackup(await handleOf(curve), once, {
        kdf: MIN_PASSCODE_KDF,
      })
      const share = importBackup(blob, once, options.publics[curve])
      try {
        return shareToWords(share)
      } finally {
        share.secretShare.fill(0)
        for (const seed of Object.values(share.zeroSeeds)) seed.fill(0)
      }
    }
    return { secp256k1: await words('secp256k1'), ed25519: await words('ed25519') }
  }

  async function wipe(): Promise<void> {
    wiped = true
    for (const handle of imported.values()) await session.engine.deleteKey(await handle)
    imported.clear()
    await session.engine.dropBackupKey(session.backupKey.handle)
    await options.kept()
  }

  return {
    file,
    async qrText(passphrase) {
      return `${BACKUP_QR_PREFIX}${base64urlnopad.encode(await file(passphrase))}`
    },
    phrase,
    async confirmPhrase(answers: PhraseAnswers) {
      live()
      for (const curve of CURVES) {
        const positions = Object.keys(answers[curve] ?? {})
        if (positions.length < MIN_CONFIRMED_WORDS)
          throw new TypeError(
            `confirm at least ${MIN_CONFIRMED_WORDS} words of the ${curve} phrase`,
          )
      }
      const expected = await phrase()
      const ok = CURVES.every((curve) =>
        Object.entries(answers[curve]).every(
          ([position, word]) =>
            expected[curve][Number(position) - 1] === word.normalize('NFKD').trim().toLowerCase(),
        ),
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
