/**
 * Exchanges a single-use platform token (WeChat code, Alipay auth code, OIDC ID token) at most
 * once: concurrent submissions of the same token share one upstream call (single-flight); the
 * first submission claims it in the shared database so a later one — on any process — is a
 * replay. A failure the platform marks retryable (busy, rate limit, unreachable) gives the
 * claim back, since the token was not consumed upstream.
 */
import { bytesToHex } from '@noble/hashes/utils.js'
import { CosignerError } from '../errors.ts'
import type { Queryable } from '../storage/database.ts'
import { claimSingleUse, releaseSingleUse, tokenHash } from '../storage/loginReplay.ts'
import { createSingleFlight } from './singleFlight.ts'

export type SingleUseExchange = <V>(
  args: { provider: string; scope: string; token: string; ttlMs: number },
  fn: () => Promise<V>,
) => Promise<V>

export function createSingleUseExchange(db: Queryable, now: () => number): SingleUseExchange {
  const flight = createSingleFlight<unknown>()
  return ({ provider, scope, token, ttlMs }, fn) => {
    const hash = tokenHash(provider, scope, token)
    return flight.run(`${provider}:${bytesToHex(hash)}`, async () => {
      await claimSingleUse(db, provider, hash, now() + ttlMs, now())
      try {
        return await fn()
      } catch (error) {
        if (error instanceof CosignerError && error.retryable) {
          await releaseSingleUse(db, provider, hash)
        }
        throw error
      }
    }) as Promise<never>
  }
}
