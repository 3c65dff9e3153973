/**
 * The wallet's warm DKLs23 presignature pool (docs/THRESHOLD.md#presignatures): per key and
 * account path, a few presignatures made ahead in the background so an approved request signs in
 * one round trip (engine/signDigest.ts takes a ready one, else runs the full protocol).
 * - Sized by use: a slot's target is the number of its signatures in the last `windowMs`, at
 *   least 1 once it was used or warmed, at most `max`; a slot unused for `windowMs` is no longer
 *   refilled.
 * - Refilled when idle: a refill starts only when no signing runs and the session is usable
 *   (`canFill`); a signing that starts aborts the fill in flight (it never waits for it). Fills
 *   run one at a time, scheduled on a timer that `invalidate` and `close` cancel.
 * - Invalidated on refresh and logout: `invalidate()` aborts the refill and forgets every ready
 *   id (the presignatures stay unusable in Worker memory until the next reload).
 * Must never block or fail a signing: a failed fill ends the refill quietly until the next use.
 */
import type { PresignatureShelf } from '../engine/presignatures.ts'
import type { SignerContext, WalletKey } from '../engine/types.ts'

export type PresignaturePoolOptions = {
  /** Ready presignatures of the wallet (the shelf signDigest takes from). */
  readonly shelf: PresignatureShelf
  /** The signing context fills run in (engine, link, session). */
  readonly ctx: SignerContext
  /** The current secp256k1 key, or undefined while the wallet is not ready. */
  readonly key: () => WalletKey | undefined
  /** Whether a fill may talk to the co-signer now (ready, session valid beyond its renewal). */
  readonly canFill: () => boolean
  /** Most presignatures kept per slot (default 4). */
  readonly max?: number
  /** How far back signatures count for the target (default 10 minutes). */
  readonly windowMs?: number
  readonly clock?: () => number
  /** Runs `task` soon (default a 0 ms timer); returns its cancel. */
  readonly schedule?: (task: () => void) => () => void
}

export type PresignaturePool = {
  /** The shelf to put in the signing context: `take` also records a use of the slot. */
  readonly shelf: PresignatureShelf
  /** Runs one signing: no fill starts while any runs, the fill in flight is aborted. */
  during<T>(signing: () => Promise<T>): Promise<T>
  /** Marks a path used now (e.g. account 0 when the wallet turns ready) and starts a refill. */
  warm(path: string): void
  /** The slot's target size now. */
  target(path: string): number
  /** Ready presignatures for the current key at `path`. */
  size(path: string): number
  /** Resolves when the refill has nothing left to do (full, stopped, or nothing to fill). */
  settled(): Promise<void>
  /** Forgets every ready presignature and aborts the refill (refresh, recovery, logout). */
  invalidate(): void
  /** Invalidates and stops for good. */
  close(): void
}

const DEFAULT_MAX = 4
const DEFAULT_WINDOW_MS = 10 * 60_000

const timer = (task: () => void) => {
  const id = setTimeout(task, 0)
  return () => clearTimeout(id)
}

export function presignaturePool(options: PresignaturePoolOptions): PresignaturePool {
  const { shelf, ctx } = options
  const max = options.max ?? DEFAULT_MAX
  const windowMs = options.windowMs ?? DEFAULT_WINDOW_MS
  const now = options.clock ?? Date.now
  const schedule = options.schedule ?? timer
  if (!Number.isInteger(max) || max < 1 || max > 64)
    throw new RangeError('"max" expected an integer from 1 to 64')
  /** Recent uses per path (ms since epoch), oldest first, at most `max` kept. */
  const uses = new Map<string, number[]>()
  /** Keys whose presignatures the shelf may hold (cleared by `invalidate`). */
  const keys = new Map<string, WalletKey>()
  let busy = 0
  let closed = false
  /** A fill failed: no refill until the next use. */
  let stalled = false
  let cancelTimer: (() => void) | undefined
  let filling: { readonly controller: AbortController; readonly done: Promise<void> } | undefined
  let waiters: (() => void)[] = []

  const recent = (path: string): number[] => {
    const cutoff = now() - windowMs
    const kept = (uses.get(path) ?? []).filter((t) => t > cutoff)
    if (kept.length === 0) uses.delete(path)
    else uses.set(path, kept)
    return kept
  }
  const target = (path: string) => Math.min(max, recent(path).length)
  const use = (path: string) => {
    stalled = false
    uses.set(path, [...(uses.get(path) ?? []), now()].slice(-max))
  }
  /** The first slot below its target, if a fill may start now. */
  function next(): { key: WalletKey; path: string } | undefined {
    const key = options.key()
    if (closed || stalled || busy > 0 || key === undefined || !options.canFill()) return undefined
    for (const path of [...uses.keys()])
      if (shelf.size(key, path) < target(path)) return { key, path }
    return undefined
  }
  function settle() {
    if (filling !== undefined || cancelTimer !== undefined || next() !== undefined) return
    const done = waiters
    waiters = []
    for (const resolve of done) resolve()
  }
  function kick() {
    if (closed || filling !== undefined || cancelTimer !== undefined) return settle()
    cancelTimer = schedule(() => {
      cancelTimer = undefined
      const slot = next()
      if (slot === undefined) return settle()
      const controller = new AbortController()
      keys.set(slot.key.handle, slot.key)
      const done = shelf.fill(ctx, slot.key, slot.path, controller.signal).then(
        () => {
          filling = undefined
          kick()
        },
        () => {
          filling = undefined
          // Failed: no retry until the next use. Aborted: resumes when idle (kick checks).
          if (!controller.signal.aborted) stalled = true
          kick()
        },
      )
      filling = { controller, done }
    })
  }
  function stopFilling() {
    cancelTimer?.()
    cancelTimer = undefined
    filling?.controller.abort(new Error('presignature refill cancelled'))
  }

  const pooledShelf: PresignatureShelf = {
    fill: (...args) => shelf.fill(...args),
    take(key, path) {
      use(path)
      keys.set(key.handle, key)
      return shelf.take(key, path)
    },
    size: (key, path) => shelf.size(key, path),
    clear: (key) => shelf.clear(key),
  }

  return {
    shelf: pooledShelf,
    async during(signing) {
      busy += 1
      stopFilling()
      try {
        return await signing()
      } finally {
        busy -= 1
        if (busy === 0) kick()
      }
    },
    warm(path) {
      if (closed) return
      use(path)
      kick()
    },
    target,
    size(path) {
      const key = options.key()
      return key === undefined ? 0 : shelf.size(key, path)
    },
    async settled() {
      // An aborted fill settles once its promise ran its handlers.
      while (filling !== undefined) await filling.done
      kick()
      if (filling === undefined && cancelTimer === undefined && next() === undefined) return
      await new Promise<void>((resolve) => waiters.push(resolve))
    },
    invalidate() {
      stopFilling()
      uses.clear()
      // The aborted fill never shelves what it made (presignatures.ts checks the signal last).
      for (const key of keys.values()) shelf.clear(key)
      keys.clear()
      settle()
    },
    close() {
      closed = true
      this.invalidate()
    },
  }
}
