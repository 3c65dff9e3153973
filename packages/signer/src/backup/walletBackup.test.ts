/**
 * Backup export: the backup party's shares come out of the DKG transcripts sealed under the
 * passphrase, in an in-memory backup engine that keeps nothing afterwards; the file round-trips
 * and mpc's importBackup recovers share 3 of each key (matching the keys' public state) with the
 * right passphrase only.
 */
import { importBackup } from '@tessera/mpc'
import { createMpcEngine } from '@tessera/mpc/worker'
import { expect, test } from 'vitest'
import type { CosignerSession } from '../cosigner/cosignerLink.ts'
import { inProcessCosignerParty } from '../cosigner/test/inProcessCosignerParty.ts'
import { createWallet } from '../engine/createWallet.ts'
import { WeakKdfError } from '../errors.ts'
import { checkBackupPassphrase, MIN_PASSCODE_KDF } from '../vault/passcode.ts'
import { parseBackupFile, serializeBackupFile } from './backupFile.ts'
import { exportWalletBackup } from './exportWalletBackup.ts'

test('export, file round trip, import with the passphrase only', async () => {
  const cosigner = inProcessCosignerParty()
  const session: CosignerSession = await cosigner.login({ kind: 'oidc', idToken: 'h.p.s' })
  const backupEngine = createMpcEngine()
  const backupKey = await backupEngine.createBackupKey()
  const wallet = await createWallet(
    { engine: createMpcEngine(), link: cosigner, session: () => session },
    { keyId: `backup-${Math.random()}`, backupKey: backupKey.publicKey },
  )
  const backup = await exportWalletBackup(backupEngine, {
    backupKey: backupKey.handle,
    transcripts: { secp256k1: wallet.secp256k1.transcript, ed25519: wallet.ed25519.transcript },
    passphrase: 'a long backup passphrase',
    kdf: MIN_PASSCODE_KDF,
  })
  // The backup engine kept neither the backup key nor a share.
  await expect(
    exportWalletBackup(backupEngine, {
      backupKey: backupKey.handle,
      transcripts: { secp256k1: wallet.secp256k1.transcript, ed25519: wallet.ed25519.transcript },
      passphrase: 'a long backup passphrase',
      kdf: MIN_PASSCODE_KDF,
    }),
  ).rejects.toThrow('unknown backup key handle')

  const file = parseBackupFile(serializeBackupFile(backup))
  for (const curve of ['secp256k1', 'ed25519'] as const) {
    const share = importBackup(file[curve], 'a long backup passphrase', wallet[curve].public)
    expect(share.index).toBe(3)
    expect(share.publicKey).toEqual(wallet[curve].public.publicKey)
    expect(() => importBackup(file[curve], 'the wrong passphrase!', wallet[curve].public)).toThrow()
  }
  // A file whose argon2id costs are below the floor is refused before any passphrase is tried.
  const weak = { ...backup, ed25519: { ...backup.ed25519, kdf: { ...backup.ed25519.kdf, m: 8 } } }
  expect(() => parseBackupFile(serializeBackupFile(weak))).toThrow(WeakKdfError)
  expect(() => parseBackupFile(serializeBackupFile(weak))).toThrow(
    'argon2id costs below the minimum: m=8, minimum 19456',
  )
})

test('a backup passphrase needs 10 characters, 5 of them different', async () => {
  const engine = createMpcEngine()
  const backupKey = await engine.createBackupKey()
  const rule = new RangeError(
    '"passphrase" expected 10 to 1,024 characters, at least 5 of them different',
  )
  for (const passphrase of ['short pw', 'aaaaaaaaaaaaaaaa', '1212121212121212']) {
    await expect(
      exportWalletBackup(engine, {
        backupKey: backupKey.handle,
        transcripts: {} as never,
        passphrase,
        kdf: MIN_PASSCODE_KDF,
      }),
    ).rejects.toThrow(rule)
  }
  expect(checkBackupPassphrase('ten chars!')).toBe('ten chars!')
  expect(() => checkBackupPassphrase(12)).toThrow(new TypeError('"passphrase" expected string'))
})

test('weak costs and malformed files are refused', async () => {
  const engine = createMpcEngine()
  const transcripts = {} as never
  await expect(
    exportWalletBackup(engine, {
      backupKey: 'x',
      transcripts,
      passphrase: 'a long backup passphrase',
      kdf: { t: 1, m: 19456, p: 1 },
    }),
  ).rejects.toThrow('argon2id costs below the minimum: t=1, minimum 2')
  const bytes = (text: string) => new TextEncoder().encode(text)
  expect(() => parseBackupFile(bytes('{'))).toThrow('backup file is not valid JSON')
  expect(() => parseBackupFile(bytes('{"v":2}'))).toThrow('no supported version')
  expect(() => parseBackupFile(bytes('{"v":1,"secp256k1":{"curve":"secp256k1"}}'))).toThrow(
    'backup file has no ed25519 key',
  )
})
