/**
 * The key lock of one share-changing MPC run held as a short lease (docs/STYLE.md#14-secrets):
 * taken for `ttlMs` (storage/keyLocks.ts), renewed every third of it for as long as the run lives —
 * also while it waits for the signer's next round or computes a long step — and released by its
 * holder. A holder that dies (SIGKILL, power loss) renews nothing, so the key is free again
 * within one lease; a live holder is never pre-empted, because its lease never runs out while
 * the database answers. When a renewal finds the lease gone (the database was unreachable for a
 * whole lease, or the clock jumped), `onLost` runs once and the lease stops renewing.
 */
import type { Logger } from '../../log.ts'
import type { Queryable } from '../../storage/database.ts'
import {
  acquireKeyLock,
  type KeyLockRequest,
  releaseKeyLock,
  renewKeyLock,
} from '../../storage/keyLocks.ts'

/** Runs `fn` every `ms` until the returned function is called; tests inject a manual one. */
export interface Ticker {
  every(ms: number, fn: () => Promise<void>): () => void
}

export const REAL_TICKER: Ticker = {
  every(ms, fn) {
    const timer = setInterval(() => void fn(), ms)
    // A renewal never keeps the process alive by itself.
    timer.unref()
    return () => clearInterval(timer)
  },
}

export interface KeyLease {
  readonly request: KeyLockRequest
  /** Extends the lease now (before each round); false once it is lost. */
  renew(): Promise<boolean>
  /** Stops renewing and deletes the lock row; true when it was still ours. */
  release(): Promise<boolean>
}

export interface LeaseDeps {
  db: Queryable
  now: () => number
  ticker: Ticker
  log: Logger
  onLost(): void
}

/** Takes the lock (CosignerError `KeyBusy` when another live holder has it) and keeps it alive. */
export async function takeKeyLease(req: KeyLockRequest, deps: LeaseDeps): Promise<KeyLease> {
  await acquireKeyLock(deps.db, req, deps.now())
  let state: 'held' | 'lost' | 'released' = 'held'
  let expiresAt = deps.now() + req.ttlMs
  let inFlight: Promise<boolean> | undefined
  const renewNow = (): Promise<boolean> => {
    if (state !== 'held') return Promise.resolve(false)
    // One renewal at a time: a tick during a slow UPDATE waits for it instead of racing it.
    inFlight ??= (async () => {
      const at = deps.now()
      try {
        if (await renewKeyLock(deps.db, req, at)) {
          expiresAt = at + req.ttlMs
          return true
        }
        lose('lapsed')
      } catch (error) {
        deps.log.warn('key_lock_renew_failed', { keyId: req.keyId, error: String(error) })
        // Still ours until its expiry; the next tick tries again.
        if (deps.now() < expiresAt) return true
        lose('unrenewable')
      }
      return false
    })().finally(() => {
      inFlight = undefined
    })
    return inFlight
  }
  const lose = (why: string) => {
    if (state !== 'held') return
    state = 'lost'
    stop()
    deps.log.warn('key_lock_lost', { keyId: req.keyId, operation: req.operation, why })
    deps.onLost()
  }
  const stop = deps.ticker.every(Math.max(1, Math.floor(req.ttlMs / 3)), async () => {
    await renewNow()
  })
  return {
    request: req,
    renew: renewNow,
    async release() {
      if (state === 'released') return false
      const wasHeld = state === 'held'
      state = 'released'
      stop()
      await inFlight
      return wasHeld && (await releaseKeyLock(deps.db, req))
    },
  }
}
