/**
 * Envelope encryption of one record: a fresh 32-byte data key seals the plaintext with
 * XChaCha20-Poly1305; the master key wraps the data key. Both layers bind the record context
 * as associated data (recordContext.ts). Layout of both blobs: 0x01 ‖ 24-byte nonce ‖ AEAD output.
 * Never returns or stores the bare data key; wipes it after use.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { randomBytes } from '@noble/ciphers/utils.js'
import { concatBytes } from '@noble/hashes/utils.js'
import { CosignerError } from '../errors.ts'
import type { Keyring, MasterKey } from './masterKey.ts'
import { type RecordContext, recordAad } from './recordContext.ts'

const VERSION = 0x01
const NONCE = 24

export interface SealedRecord {
  /** The data key, wrapped by the master key `kekId`. */
  readonly dek: Uint8Array
  readonly kekId: string
  readonly ciphertext: Uint8Array
}

function seal(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
  const nonce = randomBytes(NONCE)
  return concatBytes(
    Uint8Array.of(VERSION),
    nonce,
    xchacha20poly1305(key, nonce, aad).encrypt(plaintext),
  )
}

function open(key: Uint8Array, blob: Uint8Array, aad: Uint8Array, what: string): Uint8Array {
  if (blob.length < 1 + NONCE + 16 || blob[0] !== VERSION) {
    throw new CosignerError('DecryptFailed', `${what} has an unknown layout (version or length)`)
  }
  try {
    return xchacha20poly1305(key, blob.subarray(1, 1 + NONCE), aad).decrypt(
      blob.subarray(1 + NONCE),
    )
  } catch (error) {
    throw new CosignerError(
      'DecryptFailed',
      `${what} does not decrypt: wrong master key, or the record was moved or altered`,
      { cause: error },
    )
  }
}

export function wrapDataKey(master: MasterKey, dek: Uint8Array, ctx: RecordContext): Uint8Array {
  return seal(master.key, dek, recordAad(ctx, 'wrap'))
}

export function unwrapDataKey(master: MasterKey, wrapped: Uint8Array, ctx: RecordContext) {
  return open(master.key, wrapped, recordAad(ctx, 'wrap'), `data key of the ${ctx.kind} record`)
}

export function sealRecord(
  keyring: Keyring,
  ctx: RecordContext,
  plaintext: Uint8Array,
): SealedRecord {
  const dek = randomBytes(32)
  try {
    return {
      dek: wrapDataKey(keyring.current, dek, ctx),
      kekId: keyring.current.id,
      ciphertext: seal(dek, plaintext, recordAad(ctx, 'record')),
    }
  } finally {
    dek.fill(0)
  }
}

export function openRecord(keyring: Keyring, ctx: RecordContext, sealed: SealedRecord): Uint8Array {
  const dek = unwrapDataKey(keyring.get(sealed.kekId), sealed.dek, ctx)
  try {
    return open(dek, sealed.ciphertext, recordAad(ctx, 'record'), `${ctx.kind} record`)
  } finally {
    dek.fill(0)
  }
}
