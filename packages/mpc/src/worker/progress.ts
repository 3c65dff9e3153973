/**
 * Progress reporting across the Worker boundary (docs/ARCHITECTURE.md#flows: a user never waits on
 * a blank screen). The callback may be a comlink proxy that returns a promise or has been released;
 * a reporting failure must never break or delay a protocol round.
 */
export function progressSink<P>(callback: ((progress: P) => unknown) | undefined) {
  if (callback === undefined) return undefined
  if (typeof callback !== 'function') throw new TypeError('"onProgress" expected function')
  return (progress: P): void => {
    try {
      const result = callback(progress)
      if (result instanceof Promise) result.catch(() => undefined)
    } catch {
      // Progress is advisory; the protocol goes on.
    }
  }
}
