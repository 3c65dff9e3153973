/**
 * Our public signing keys as this process knows them, for verifying session JWTs and serving
 * the JWKS. Another process may have created a newer key: an unknown `kid` reloads from the
 * database, at most once per cooldown so random kids cannot hammer it.
 */
import type { KeyObject } from 'node:crypto'
import type { JWK } from 'jose'
import type { Queryable } from '../storage/database.ts'
import { loadPublicKeys, type PublicKeySet } from './signingKeys.ts'

export interface PublicKeyCache {
  resolve(kid: string): Promise<KeyObject | undefined>
  jwks(): Promise<{ keys: JWK[] }>
  reload(): Promise<void>
}

export function createPublicKeyCache(
  db: Queryable,
  now: () => number,
  cooldownMs = 5_000,
): PublicKeyCache {
  let set: PublicKeySet | undefined
  let loadedAt = Number.NEGATIVE_INFINITY
  const reload = async () => {
    set = await loadPublicKeys(db)
    loadedAt = now()
  }
  return {
    reload,
    async resolve(kid) {
      if (set === undefined) await reload()
      const known = set?.keys.get(kid)
      if (known !== undefined || now() - loadedAt < cooldownMs) return known
      await reload()
      return set?.keys.get(kid)
    },
    async jwks() {
      if (set === undefined || now() - loadedAt >= cooldownMs) await reload()
      return (set as PublicKeySet).jwks
    },
  }
}
