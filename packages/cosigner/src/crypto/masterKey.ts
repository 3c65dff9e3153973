/**
 * The master key (key-encryption key) that wraps every per-record data key: 32 bytes, read from a
 * file (raw 32 bytes, or base64/base64url/hex text of 32 bytes) or from an environment variable
 * (base64/base64url/hex text). A keyring holds the current key and any previous ones still
 * needed while a rotation runs. Keys are identified by a fingerprint, never by their bytes.
 * Never logs, stringifies or serialises key bytes: `toJSON` and `inspect` print only ids.
 */
import { readFileSync } from 'node:fs'
import { inspect } from 'node:util'
import { sha256 } from '@noble/hashes/sha2.js'
import { abytes, bytesToHex, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { CosignerError } from '../errors.ts'

export interface MasterKey {
  readonly id: string
  readonly key: Uint8Array
}

export function masterKey(key: Uint8Array): MasterKey {
  abytes(key, 32, 'master key')
  const id = `mk-${bytesToHex(sha256(concatBytes(utf8ToBytes('tessera/cosigner/kek-id/v1'), key))).slice(0, 16)}`
  const copy = key.slice()
  return {
    id,
    key: copy,
    toJSON: () => ({ id }),
    [inspect.custom]: () => `MasterKey(${id})`,
  } as MasterKey
}

/** Parses text holding 32 bytes as hex (64 chars), base64 or base64url (43/44 chars). */
export function parseMasterKeyText(text: string, source: string): Uint8Array {
  const trimmed = text.trim()
  let bytes: Uint8Array | undefined
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) bytes = new Uint8Array(Buffer.from(trimmed, 'hex'))
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) {
    bytes = new Uint8Array(Buffer.from(trimmed.replace(/=$/, ''), 'base64url'))
  }
  if (bytes === undefined || bytes.length !== 32) {
    throw new CosignerError(
      'Misconfigured',
      `master key from ${source} must be 32 bytes as 64 hex characters or 43 base64url characters (length of the text: ${trimmed.length})`,
    )
  }
  return bytes
}

export function readMasterKeyFile(path: string): Uint8Array {
  let raw: Uint8Array
  try {
    raw = new Uint8Array(readFileSync(path))
  } catch (error) {
    throw new CosignerError('Misconfigured', `cannot read the master key file ${path}`, {
      cause: error,
    })
  }
  if (raw.length === 32) return raw
  return parseMasterKeyText(Buffer.from(raw).toString('latin1'), `file ${path}`)
}

export interface Keyring {
  /** The key new data keys are wrapped with. */
  readonly current: MasterKey
  get(id: string): MasterKey
  readonly ids: readonly string[]
}

export function createKeyring(current: MasterKey, previous: readonly MasterKey[] = []): Keyring {
  const all = new Map([current, ...previous].map((k) => [k.id, k]))
  return {
    current,
    ids: [...all.keys()],
    get(id) {
      const key = all.get(id)
      if (key === undefined) {
        throw new CosignerError(
          'DecryptFailed',
          `data key is wrapped by master key ${id}, which is not in the keyring (${[...all.keys()].join(', ')})`,
        )
      }
      return key
    },
  }
}
