/**
 * `defaultClock`: the real clock and timers, used when none is injected. Must never be replaced
 * globally; tests pass their own `Clock` instead.
 */
import type { Clock } from './types.ts'

export const defaultClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
}
