/**
 * The vault's FROST NonceStore, in Worker memory only (docs/THRESHOLD.md#presignatures, rollback
 * safety). Nonces live from round 1 to round 2 of one signing, so nothing needs them after a
 * reload; kept out of IndexedDB, no copy of the store (a restored profile, an old database, a
 * second tab) can hand the same nonces to a second message, which would reveal the share.
 * `take` removes them before it returns; `close` wipes whatever is left and refuses later calls.
 * Never logs or persists a nonce.
 */
import type { NonceStore, StoredNonces } from '@tessera/mpc'
import { VaultClosedError } from '../errors.ts'

export function memoryNonces(vault: string): NonceStore & { close(): void } {
  const entries = new Map<string, StoredNonces>()
  let closed = false
  const open = () => {
    if (closed) throw new VaultClosedError(vault)
  }
  return {
    put(sessionId, nonces) {
      open()
      if (typeof sessionId !== 'string' || sessionId.length === 0 || sessionId.length > 128)
        throw new TypeError('nonce session id expected a string of 1 to 128 characters')
      if (entries.has(sessionId)) throw new Error(`nonces for session "${sessionId}" already exist`)
      entries.set(sessionId, { hiding: nonces.hiding.slice(), binding: nonces.binding.slice() })
    },
    take(sessionId) {
      open()
      const found = entries.get(sessionId)
      entries.delete(sessionId)
      return found
    },
    close() {
      closed = true
      for (const { hiding, binding } of entries.values()) {
        hiding.fill(0)
        binding.fill(0)
      }
      entries.clear()
    },
  }
}
