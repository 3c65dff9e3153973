/**
 * A small typed event emitter (STYLE.md item 5, after wagmi's createEmitter): event names are the
 * keys of one event map, so none is ever built from a string. As with DOM `EventTarget`, a
 * listener that throws does not stop the others; its error is rethrown on a microtask so it is
 * reported, never swallowed. Must never hold anything but listeners.
 */

type Listener = (...args: never[]) => void

export type Emitter<Events extends { [K in keyof Events]: Listener }> = {
  on<E extends keyof Events>(event: E, listener: Events[E]): void
  off<E extends keyof Events>(event: E, listener: Events[E]): void
  emit<E extends keyof Events>(event: E, ...args: Parameters<Events[E]>): void
  listenerCount(event: keyof Events): number
}

export function createEmitter<Events extends { [K in keyof Events]: Listener }>(): Emitter<Events> {
  const listeners = new Map<keyof Events, Set<Listener>>()
  return {
    on(event, listener) {
      if (typeof listener !== 'function') {
        throw new TypeError(`"listener" expected a function, got ${typeof listener}`)
      }
      let set = listeners.get(event)
      if (set === undefined) {
        set = new Set()
        listeners.set(event, set)
      }
      set.add(listener)
    },
    off(event, listener) {
      listeners.get(event)?.delete(listener)
    },
    emit(event, ...args) {
      // A copy: listeners may add or remove listeners while being called.
      for (const listener of [...(listeners.get(event) ?? [])]) {
        try {
          ;(listener as (...a: Parameters<Events[typeof event]>) => void)(...args)
        } catch (error) {
          queueMicrotask(() => {
            throw error
          })
        }
      }
    },
    listenerCount(event) {
      return listeners.get(event)?.size ?? 0
    },
  }
}
