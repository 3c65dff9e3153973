/**
 * Durable storage hook for FROST nonces (RFC 9591 §5.1/§5.2: nonces are single-use). `take` must
 * delete (or mark consumed) durably BEFORE it resolves, because the caller releases a signature
 * share right after. The in-memory store is for tests and the Worker; it never logs nonces.
 */
export type StoredNonces = { readonly hiding: Uint8Array; readonly binding: Uint8Array }

export interface NonceStore {
  /** Persists fresh nonces under a session id; must refuse to overwrite an existing entry. */
  put(sessionId: string, nonces: StoredNonces): Promise<void> | void
  /** Atomically removes and returns the nonces, or undefined if absent or already used. */
  take(sessionId: string): Promise<StoredNonces | undefined> | StoredNonces | undefined
}

export function memoryNonceStore(): NonceStore {
  const entries = new Map<string, StoredNonces>()
  return {
    put(sessionId, nonces) {
      if (entries.has(sessionId)) throw new Error(`nonces for session "${sessionId}" already exist`)
      entries.set(sessionId, { hiding: nonces.hiding.slice(), binding: nonces.binding.slice() })
    },
    take(sessionId) {
      const found = entries.get(sessionId)
      entries.delete(sessionId)
      return found
    },
  }
}
