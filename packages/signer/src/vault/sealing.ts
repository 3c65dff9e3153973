/**
 * Encryption at rest: AES-GCM (WebCrypto) under the vault's data key, a fresh 96-bit IV per seal,
 * and additional data that binds each ciphertext to its slot (`kind`, `id`), so a record copied
 * under another handle or kind does not open. The key is a non-extractable CryptoKey; nothing
 * here ever sees its bytes, and plaintexts are returned as Uint8Array only.
 */
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { VaultReadError } from '../errors.ts'
import type { RecordKey } from './database.ts'

/** What is stored for a sealed value: the IV and the ciphertext with its 16-byte tag. */
export type Sealed = { readonly iv: Uint8Array; readonly ciphertext: Uint8Array }

export type Sealer = {
  seal(slot: RecordKey, plaintext: Uint8Array): Promise<Sealed>
  open(slot: RecordKey, sealed: unknown): Promise<Uint8Array>
}

const AAD_TAG = utf8ToBytes('tessera/vault/v1')

function additionalData([kind, id]: RecordKey): Uint8Array<ArrayBuffer> {
  const k = utf8ToBytes(kind)
  const i = utf8ToBytes(id)
  return concatBytes(AAD_TAG, new Uint8Array([k.length]), k, i) as Uint8Array<ArrayBuffer>
}

function isSealed(value: unknown): value is Sealed {
  if (value === null || typeof value !== 'object') return false
  const { iv, ciphertext } = value as Record<string, unknown>
  return iv instanceof Uint8Array && iv.length === 12 && ciphertext instanceof Uint8Array
}

/** A sealer over an AES-GCM CryptoKey (usages encrypt and decrypt). */
export function createSealer(key: CryptoKey): Sealer {
  return {
    async seal(slot, plaintext) {
      const iv = crypto.getRandomValues(new Uint8Array(12))
      const ciphertext = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: additionalData(slot) },
        key,
        plaintext as Uint8Array<ArrayBuffer>,
      )
      return { iv, ciphertext: new Uint8Array(ciphertext) }
    },
    async open(slot, sealed) {
      if (!isSealed(sealed)) {
        throw new VaultReadError(`vault record ${slot[0]} "${slot[1]}" is not a sealed value`)
      }
      try {
        const plain = await crypto.subtle.decrypt(
          {
            name: 'AES-GCM',
            iv: sealed.iv as Uint8Array<ArrayBuffer>,
            additionalData: additionalData(slot),
          },
          key,
          sealed.ciphertext as Uint8Array<ArrayBuffer>,
        )
        return new Uint8Array(plain)
      } catch (cause) {
        throw new VaultReadError(
          `vault record ${slot[0]} "${slot[1]}" does not open under this vault's key`,
          { cause },
        )
      }
    },
  }
}
