/**
 * The vault's data key (AES-GCM, non-extractable once loaded). Stored only wrapped: under a
 * non-extractable device key that IndexedDB keeps as a CryptoKey (its bytes never reach script),
 * and, when the vault has a passcode, first under argon2id(passcode) (passcode.ts) and then under
 * the device key. Opening never creates a new key over existing records: a missing key record
 * with records present is a VaultReadError, not an empty wallet.
 */
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { promisifyRequest } from 'idb-keyval'
import {
  ConcurrentWriteError,
  PasscodeRequiredError,
  VaultReadError,
  WrongPasscodeError,
} from '../errors.ts'
import type { VaultDatabase } from './database.ts'
import {
  checkNewPasscode,
  checkPasscodeKdf,
  DEFAULT_PASSCODE_KDF,
  type PasscodeKdf,
  passcodeKey,
} from './passcode.ts'

const META_KEY = ['meta', 'key']
const WRAP_AAD = utf8ToBytes('tessera/vault/v1 data key') as Uint8Array<ArrayBuffer>
const AES = { name: 'AES-GCM', length: 256 } as const

type KeyRecord = {
  readonly v: 1
  readonly deviceKey: CryptoKey
  /** The data key wrapped (AES-GCM) under the device key, or under the passcode key first. */
  readonly iv: Uint8Array
  readonly wrapped: Uint8Array
  readonly passcode?: {
    readonly salt: Uint8Array
    readonly iv: Uint8Array
    readonly kdf: PasscodeKdf
  }
}

export type VaultKeyOptions = {
  readonly passcode?: string
  /** argon2id costs for a NEW passcode; never below MIN_PASSCODE_KDF. */
  readonly kdf?: PasscodeKdf
}

const gcm = (iv: Uint8Array) => ({
  name: 'AES-GCM',
  iv: iv as Uint8Array<ArrayBuffer>,
  additionalData: WRAP_AAD,
})
const random = (length: number) => crypto.getRandomValues(new Uint8Array(length))

function checkRecord(vault: string, value: unknown): KeyRecord {
  const r = value as Partial<KeyRecord> | null
  const ok =
    r !== null &&
    typeof r === 'object' &&
    r.v === 1 &&
    r.deviceKey instanceof CryptoKey &&
    r.iv instanceof Uint8Array &&
    r.wrapped instanceof Uint8Array &&
    (r.passcode === undefined ||
      (r.passcode.salt instanceof Uint8Array && r.passcode.iv instanceof Uint8Array))
  if (!ok) throw new VaultReadError(`vault "${vault}": the key record is malformed`)
  return r as KeyRecord
}

/** Wraps `dataKey` (extractable) for `deviceKey`, under the passcode first when one is given. */
async function wrapKeyRecord(
  deviceKey: CryptoKey,
  dataKey: CryptoKey,
  options: VaultKeyOptions,
): Promise<KeyRecord> {
  const iv = random(12)
  if (options.passcode === undefined) {
    const wrapped = await crypto.subtle.wrapKey('raw', dataKey, deviceKey, gcm(iv))
    return { v: 1, deviceKey, iv, wrapped: new Uint8Array(wrapped) }
  }
  const kdf = checkPasscodeKdf(options.kdf ?? DEFAULT_PASSCODE_KDF)
  const salt = random(16)
  const innerIv = random(12)
  const kek = await passcodeKey(options.passcode, salt, kdf)
  const inner = await crypto.subtle.wrapKey('raw', dataKey, kek, gcm(innerIv))
  const wrapped = await crypto.subtle.encrypt(gcm(iv), deviceKey, inner)
  return {
    v: 1,
    deviceKey,
    iv,
    wrapped: new Uint8Array(wrapped),
    passcode: { salt, iv: innerIv, kdf },
  }
}

async function createKeyRecord(options: VaultKeyOptions): Promise<KeyRecord> {
  const deviceKey = await crypto.subtle.generateKey(AES, false, [
    'encrypt',
    'decrypt',
    'wrapKey',
    'unwrapKey',
  ])
  // Extractable only for the moment it is wrapped; the vault then re-imports it non-extractable.
  const dataKey = await crypto.subtle.generateKey(AES, true, ['encrypt', 'decrypt'])
  return wrapKeyRecord(deviceKey, dataKey, options)
}

async function unwrapDataKey(
  vault: string,
  record: KeyRecord,
  passcode: string | undefined,
  /** Only for re-wrapping under a new passcode: the key goes from unwrapKey to wrapKey. */
  extractable = false,
): Promise<CryptoKey> {
  const usages: KeyUsage[] = ['encrypt', 'decrypt']
  if (record.passcode === undefined) {
    if (passcode !== undefined) {
      throw new VaultReadError(`vault "${vault}" has no passcode; one was given`)
    }
    try {
      return await crypto.subtle.unwrapKey(
        'raw',
        record.wrapped as Uint8Array<ArrayBuffer>,
        record.deviceKey,
        gcm(record.iv),
        AES,
        extractable,
        usages,
      )
    } catch (cause) {
      throw new VaultReadError(
        `vault "${vault}": the data key does not open under the device key`,
        { cause },
      )
    }
  }
  if (passcode === undefined) throw new PasscodeRequiredError(vault)
  // The stored costs are checked against the floor too: a tampered record cannot weaken them.
  const kek = await passcodeKey(
    passcode,
    record.passcode.salt,
    checkPasscodeKdf(record.passcode.kdf),
  )
  let inner: ArrayBuffer
  try {
    inner = await crypto.subtle.decrypt(
      gcm(record.iv),
      record.deviceKey,
      record.wrapped as Uint8Array<ArrayBuffer>,
    )
  } catch (cause) {
    throw new VaultReadError(`vault "${vault}": the data key does not open under the device key`, {
      cause,
    })
  }
  try {
    return await crypto.subtle.unwrapKey(
      'raw',
      inner,
      kek,
      gcm(record.passcode.iv),
      AES,
      extractable,
      usages,
    )
  } catch {
    throw new WrongPasscodeError(vault)
  }
}

/** Loads the vault's data key, creating the key record on first use of an empty vault. */
export async function loadVaultKey(
  db: VaultDatabase,
  options: VaultKeyOptions = {},
): Promise<CryptoKey> {
  const [stored, count] = await db.transaction('readonly', async (store) => {
    const get = store.get(META_KEY)
    const count = store.count()
    return [await promisifyRequest(get), await promisifyRequest(count)] as const
  })
  if (stored !== undefined)
    return unwrapDataKey(db.name, checkRecord(db.name, stored), options.passcode)
  if (count !== 0) {
    throw new VaultReadError(`vault "${db.name}" holds records but its key record is missing`)
  }
  const record = await createKeyRecord(options)
  // `add` fails if another opener created the key meanwhile; then that key is the vault's key.
  await db.transaction('readwrite', async (store) => promisifyRequest(store.add(record, META_KEY)))
  return unwrapDataKey(db.name, record, options.passcode)
}

const sameBytes = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && a.every((byte, i) => byte === b[i])

/**
 * Sets (`current` undefined on a vault without one) or changes the vault's passcode: the data key
 * is unwrapped with the current passcode as an extractable CryptoKey and wrapped again at once
 * (`unwrapKey` → `wrapKey`: its bytes never reach script), under argon2id(next) with a fresh salt,
 * then under the same device key. Share records are untouched (they are sealed under the data
 * key, which does not change). The new record is written only if the key record is still the one
 * read (else ConcurrentWriteError). Throws WeakPasscodeError for a weak `next`,
 * WrongPasscodeError for a wrong `current` (also one given to a vault without a passcode), and
 * PasscodeRequiredError when the vault has one and `current` is missing.
 */
export async function changeVaultPasscode(
  db: VaultDatabase,
  input: { readonly current?: string; readonly next: string; readonly kdf?: PasscodeKdf },
): Promise<void> {
  const next = checkNewPasscode(input.next)
  const stored = await db.transaction('readonly', (store) => promisifyRequest(store.get(META_KEY)))
  if (stored === undefined) throw new VaultReadError(`vault "${db.name}" has no key record`)
  const record = checkRecord(db.name, stored)
  if (record.passcode === undefined && input.current !== undefined)
    throw new WrongPasscodeError(db.name)
  const dataKey = await unwrapDataKey(db.name, record, input.current, true)
  const replaced = await wrapKeyRecord(record.deviceKey, dataKey, {
    passcode: next,
    kdf: input.kdf ?? DEFAULT_PASSCODE_KDF,
  })
  await db.transaction('readwrite', async (store) => {
    const now = await promisifyRequest(store.get(META_KEY))
    const still = checkRecord(db.name, now)
    if (!sameBytes(still.wrapped, record.wrapped))
      throw new ConcurrentWriteError(`vault "${db.name}"'s key record`)
    return promisifyRequest(store.put(replaced, META_KEY))
  })
}
