/**
 * `createEmitter`: the one small typed event emitter of Tessera (docs/STYLE.md#5-typed-emitter,
 * after wagmi's createEmitter), shared by `@tessera/core` and `@tessera/conflux`. Event names are
 * the keys of a type, never strings built at run time. A listener that is not a function is refused
 * at `on()`. A throwing listener must never stop the others nor the emitter's caller: its error
 * goes to `onListenerError` (default: rethrown on a fresh task so it is seen, not swallowed).
 */

export type Listener<T> = (data: T) => void

export interface Emitter<Events extends { [K in keyof Events]: unknown }> {
  /** Adds a listener; returns the function that removes it. */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void
  /** Adds a listener called at most once; returns the function that removes it. */
  once<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void
  off<K extends keyof Events>(event: K, listener: Listener<Events[K]>): void
  emit<K extends keyof Events>(event: K, data: Events[K]): void
  listenerCount<K extends keyof Events>(event: K): number
  /** Removes every listener of every event. */
  clear(): void
}

export function createEmitter<Events extends { [K in keyof Events]: unknown }>(
  onListenerError: (error: unknown) => void = rethrowLater,
): Emitter<Events> {
  const listeners = new Map<keyof Events, Set<Listener<never>>>()
  const setOf = <K extends keyof Events>(event: K): Set<Listener<Events[K]>> => {
    let set = listeners.get(event) as Set<Listener<Events[K]>> | undefined
    if (set === undefined) {
      set = new Set()
      listeners.set(event, set as Set<Listener<never>>)
    }
    return set
  }
  const emitter: Emitter<Events> = {
    on(event, listener) {
      if (typeof listener !== 'function') {
        throw new TypeError(`"listener" expected a function, got ${typeof listener}`)
      }
      setOf(event).add(listener)
      return () => emitter.off(event, listener)
    },
    once(event, listener) {
      const wrapped: typeof listener = (data) => {
        emitter.off(event, wrapped)
        listener(data)
      }
      return emitter.on(event, wrapped)
    },
    off(event, listener) {
      listeners.get(event)?.delete(listener as Listener<never>)
    },
    emit(event, data) {
      const set = listeners.get(event) as Set<Listener<typeof data>> | undefined
      if (set === undefined) return
      // A copy: listeners may add or remove listeners while they run.
      for (const listener of [...set]) {
        try {
          listener(data)
        } catch (error) {
          onListenerError(error)
        }
      }
    },
    listenerCount(event) {
      return listeners.get(event)?.size ?? 0
    },
    clear() {
      listeners.clear()
    },
  }
  return emitter
}

function rethrowLater(error: unknown): void {
  queueMicrotask(() => {
    throw error
  })
}
