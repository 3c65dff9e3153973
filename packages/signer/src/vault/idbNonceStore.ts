/**
 * mpc's NonceStore on the vault's IndexedDB (RFC 9591 §5.2: nonces are single-use). `put` refuses
 * to overwrite (IndexedDB `add`); `take` reads and deletes in ONE readwrite transaction that has
 * committed (strict durability) before the nonces are decrypted and returned, so a signature share
 * can never be made twice from the same nonces, whichever tab asks. Sealed with the vault's key.
 */
import { concatBytes } from '@noble/hashes/utils.js'
import type { NonceStore, StoredNonces } from '@tessera/mpc'
import { promisifyRequest } from 'idb-keyval'
import { VaultReadError } from '../errors.ts'
import type { RecordKey, VaultDatabase } from './database.ts'
import type { Sealer } from './sealing.ts'

function slotOf(sessionId: unknown): RecordKey {
  if (typeof sessionId !== 'string' || sessionId.length === 0 || sessionId.length > 128) {
    throw new TypeError('nonce session id expected a string of 1 to 128 characters')
  }
  return ['nonce', sessionId]
}

export function idbNonceStore(db: VaultDatabase, sealer: Sealer): NonceStore {
  return {
    async put(sessionId, nonces) {
      const slot = slotOf(sessionId)
      const plain = concatBytes(nonces.hiding, nonces.binding)
      const sealed = await sealer.seal(slot, plain)
      plain.fill(0)
      try {
        await db.transaction('readwrite', (store) => promisifyRequest(store.add(sealed, slot)))
      } catch (cause) {
        if (cause instanceof DOMException && cause.name === 'ConstraintError') {
          throw new Error(`nonces for session "${sessionId}" already exist`)
        }
        throw cause
      }
    },

    async take(sessionId): Promise<StoredNonces | undefined> {
      const slot = slotOf(sessionId)
      const sealed = await db.transaction('readwrite', async (store) => {
        const found = await promisifyRequest(store.get(slot))
        if (found !== undefined) await promisifyRequest(store.delete(slot))
        return found
      })
      if (sealed === undefined) return undefined
      const plain = await sealer.open(slot, sealed)
      if (plain.length !== 64) {
        plain.fill(0)
        throw new VaultReadError(`vault nonces "${sessionId}" have the wrong length`)
      }
      const nonces = { hiding: plain.slice(0, 32), binding: plain.slice(32) }
      plain.fill(0)
      return nonces
    },
  }
}
