/**
 * Single-flight: concurrent calls with the same key share one execution and its outcome
 * (docs/AUTH.md#wechat-mini-program: The co-signer single-flights a code submitted twice). The key
 * is forgotten as soon as the execution settles; later calls are judged by the replay records
 * instead.
 */

export interface SingleFlight<V> {
  run(key: string, fn: () => Promise<V>): Promise<V>
  readonly inFlight: number
}

export function createSingleFlight<V>(): SingleFlight<V> {
  const running = new Map<string, Promise<V>>()
  return {
    run(key, fn) {
      const existing = running.get(key)
      if (existing !== undefined) return existing
      const promise = fn().finally(() => running.delete(key))
      running.set(key, promise)
      return promise
    },
    get inFlight() {
      return running.size
    },
  }
}
