/**
 * The backup file's bytes: UTF-8 JSON of `WalletBackup` with every byte string as
 * `{"b64": "…"}` (base64, @scure/base), so it can be saved as a file, put in a QR code in chunks or
 * split into Telegram CloudStorage values. Parsing checks the version, the shape and the argon2id
 * costs (a file below the floor of vault/passcode.ts is refused with WeakKdfError before any
 * passphrase is tried); mpc's `importBackup` checks the rest (the header is the ciphertext's
 * associated data) against the co-signer's record, which it requires.
 */
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { base64, utf8 } from '@scure/base'
import { checkPasscodeKdf } from '../vault/passcode.ts'
import type { WalletBackup } from './exportWalletBackup.ts'

export function serializeBackupFile(backup: WalletBackup): Uint8Array {
  return utf8ToBytes(
    JSON.stringify(backup, (_key, value: unknown) =>
      value instanceof Uint8Array ? { b64: base64.encode(value) } : value,
    ),
  )
}

export function parseBackupFile(bytes: Uint8Array): WalletBackup {
  let parsed: unknown
  try {
    parsed = JSON.parse(utf8.encode(bytes), (_key, value: unknown) => {
      if (value !== null && typeof value === 'object' && 'b64' in value) {
        const { b64 } = value as { b64: unknown }
        if (typeof b64 !== 'string') throw new TypeError('"b64" expected string')
        return base64.decode(b64)
      }
      return value
    })
  } catch (cause) {
    throw new TypeError('backup file is not valid JSON', { cause })
  }
  const file = parsed as Partial<WalletBackup> | null
  if (file === null || typeof file !== 'object' || file.v !== 1) {
    throw new TypeError('backup file has no supported version (expected v = 1)')
  }
  for (const curve of ['secp256k1', 'ed25519'] as const) {
    const blob = file[curve]
    if (blob === undefined || blob === null || typeof blob !== 'object' || blob.curve !== curve) {
      throw new TypeError(`backup file has no ${curve} key`)
    }
  }
  for (const curve of ['secp256k1', 'ed25519'] as const) {
    const blob = (file as WalletBackup)[curve]
    if (blob.kdf?.alg !== 'argon2id')
      throw new TypeError(`backup file's ${curve} KDF is not argon2id`)
    checkPasscodeKdf({ t: blob.kdf.t, m: blob.kdf.m, p: blob.kdf.p })
  }
  return file as WalletBackup
}
