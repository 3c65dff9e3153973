/**
 * Test-only: a `Clock` whose time moves only when the test says so, with the timers it holds in
 * view (`pending()` lists their delays). Never used by package code; not exported.
 */
import type { Clock } from '../relay/types.ts'

interface Timer {
  readonly id: number
  readonly at: number
  readonly ms: number
  readonly callback: () => void
}

export interface ManualClock extends Clock {
  /** Runs every timer due within `ms`, in time order, moving `now` along. */
  advance(ms: number): void
  /** Delays (as scheduled) of the timers not yet run. */
  pending(): number[]
}

export function createManualClock(start = 1_700_000_000_000): ManualClock {
  let now = start
  let nextId = 1
  const timers = new Map<number, Timer>()
  return {
    now: () => now,
    setTimeout(callback, ms) {
      const id = nextId++
      timers.set(id, { id, at: now + ms, ms, callback })
      return id
    },
    clearTimeout(handle) {
      timers.delete(handle as number)
    },
    advance(ms) {
      const end = now + ms
      for (;;) {
        const due = [...timers.values()]
          .filter((t) => t.at <= end)
          .sort((a, b) => a.at - b.at || a.id - b.id)[0]
        if (due === undefined) break
        timers.delete(due.id)
        now = due.at
        due.callback()
      }
      now = end
    },
    pending: () => [...timers.values()].map((t) => t.ms),
  }
}
