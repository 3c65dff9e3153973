/**
 * Passcode → key-encryption key with argon2id (`@noble/hashes/argon2.js`), with enforced minimum
 * costs (OWASP's argon2id floor: 19 MiB, 2 passes) so neither a caller nor a tampered vault record
 * can weaken it, and a ceiling so a tampered record cannot make the device hash for minutes. The
 * passcode and the derived bytes are wiped after the AES key is imported; nothing is logged.
 */
import { argon2idAsync } from '@noble/hashes/argon2.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { WeakKdfError, WeakPasscodeError } from '../errors.ts'

export type PasscodeKdf = { readonly t: number; readonly m: number; readonly p: number }

/** The floor every derivation must meet: m in KiB. */
export const MIN_PASSCODE_KDF: PasscodeKdf = { t: 2, m: 19 * 1024, p: 1 }
/** The default for new vaults. */
export const DEFAULT_PASSCODE_KDF: PasscodeKdf = { t: 3, m: 64 * 1024, p: 1 }
const MAX_KDF: PasscodeKdf = { t: 16, m: 1024 * 1024, p: 4 }

/** Throws WeakKdfError below the floor and RangeError above the ceiling or for non-integers. */
export function checkPasscodeKdf(kdf: unknown): PasscodeKdf {
  if (kdf === null || typeof kdf !== 'object') throw new TypeError('"kdf" expected {t, m, p}')
  const { t, m, p } = kdf as Record<string, unknown>
  for (const [name, value] of [
    ['t', t],
    ['m', m],
    ['p', p],
  ] as const) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      throw new TypeError(`"kdf.${name}" expected an integer`)
    }
    if (value < MIN_PASSCODE_KDF[name]) {
      throw new WeakKdfError(`${name}=${value}, minimum ${MIN_PASSCODE_KDF[name]}`)
    }
    if (value > MAX_KDF[name]) throw new RangeError(`"kdf.${name}" above ${MAX_KDF[name]}`)
  }
  return { t: t as number, m: m as number, p: p as number }
}

/** Checks a passcode's shape: a non-empty string of at most 1,024 characters. */
export function checkPasscode(passcode: unknown): string {
  if (typeof passcode !== 'string') throw new TypeError('"passcode" expected string')
  if (passcode.length < 4 || passcode.length > 1024) {
    throw new RangeError('"passcode" expected 4 to 1,024 characters')
  }
  return passcode
}

/** What a NEW passcode needs (code points after NFKC): opening keeps checkPasscode's shape only. */
export const MIN_NEW_PASSCODE = { length: 6, distinct: 3 } as const

/**
 * Checks a passcode about to be set: checkPasscode's shape, then WeakPasscodeError below
 * MIN_NEW_PASSCODE or for one straight run of code points (`123456`, `fedcba`). Returns it.
 */
export function checkNewPasscode(passcode: unknown): string {
  if (typeof passcode !== 'string') throw new TypeError('"passcode" expected string')
  const points = [...passcode.normalize('NFKC')].map((c) => c.codePointAt(0) as number)
  if (points.length < MIN_NEW_PASSCODE.length) throw new WeakPasscodeError('length')
  if (new Set(points).size < MIN_NEW_PASSCODE.distinct) throw new WeakPasscodeError('distinct')
  const step = (points[1] as number) - (points[0] as number)
  if (
    (step === 1 || step === -1) &&
    points.every((p, i) => i === 0 || p - (points[i - 1] as number) === step)
  )
    throw new WeakPasscodeError('sequence')
  return checkPasscode(passcode)
}

/** A backup passphrase's length floor (code points after NFKC) and distinct characters in it. */
export const MIN_BACKUP_PASSPHRASE = { length: 10, distinct: 5 } as const

/**
 * Checks a backup passphrase: a backup file can be attacked offline at the attacker's leisure,
 * so it needs more than a vault passcode (which only guards a device's own storage): at least 10
 * characters of which 5 different, at most 1,024. Returns it unchanged.
 */
export function checkBackupPassphrase(passphrase: unknown): string {
  if (typeof passphrase !== 'string') throw new TypeError('"passphrase" expected string')
  const chars = [...passphrase.normalize('NFKC')]
  if (
    chars.length < MIN_BACKUP_PASSPHRASE.length ||
    new Set(chars).size < MIN_BACKUP_PASSPHRASE.distinct ||
    passphrase.length > 1024
  ) {
    throw new RangeError(
      `"passphrase" expected ${MIN_BACKUP_PASSPHRASE.length} to 1,024 characters, at least ${MIN_BACKUP_PASSPHRASE.distinct} of them different`,
    )
  }
  return passphrase
}

/** argon2id(passcode, salt) imported as a non-extractable AES-GCM wrapping key. */
export async function passcodeKey(
  passcode: string,
  salt: Uint8Array,
  kdf: PasscodeKdf,
): Promise<CryptoKey> {
  const cost = checkPasscodeKdf(kdf)
  const password = utf8ToBytes(checkPasscode(passcode).normalize('NFKC'))
  const raw = await argon2idAsync(password, salt, { ...cost, dkLen: 32 })
  password.fill(0)
  try {
    return await crypto.subtle.importKey(
      'raw',
      raw as Uint8Array<ArrayBuffer>,
      { name: 'AES-GCM' },
      false,
      ['wrapKey', 'unwrapKey'],
    )
  } finally {
    raw.fill(0)
  }
}
