/**
 * Test-only: waits for the next event of a typed emitter that satisfies `match`, with an explicit
 * deadline (no sleeps). Never used by package code; not exported.
 */
import type { Emitter } from '@tessera/protocol'

export function nextEvent<E extends { [K in keyof E]: unknown }, K extends keyof E>(
  emitter: Emitter<E>,
  event: K,
  match: (data: E[K]) => boolean = () => true,
  deadlineMs = 5000,
): Promise<E[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off()
      reject(new Error(`waiting for "${String(event)}": deadline of ${deadlineMs} ms exceeded`))
    }, deadlineMs)
    const off = emitter.on(event, (data) => {
      if (!match(data)) return
      clearTimeout(timer)
      off()
      resolve(data)
    })
  })
}

/** Collects every event of one kind until the returned stop function is called. */
export function collect<E extends { [K in keyof E]: unknown }, K extends keyof E>(
  emitter: Emitter<E>,
  event: K,
): { readonly items: E[K][]; stop(): void } {
  const items: E[K][] = []
  const stop = emitter.on(event, (data) => items.push(data))
  return { items, stop }
}

/** Resolves when `condition()` holds after an event, rejects at the deadline. */
export function until(
  subscribe: (notify: () => void) => () => void,
  condition: () => boolean,
  what: string,
  deadlineMs = 5000,
): Promise<void> {
  if (condition()) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off()
      reject(new Error(`waiting for ${what}: deadline of ${deadlineMs} ms exceeded`))
    }, deadlineMs)
    const off = subscribe(() => {
      if (!condition()) return
      clearTimeout(timer)
      off()
      resolve()
    })
  })
}
