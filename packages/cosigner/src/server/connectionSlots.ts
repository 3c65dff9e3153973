/**
 * Counted slots per key (a client address, an identity): `claim` gives a release, or undefined
 * when the key holds `max` already. Each release frees its slot once. Per process.
 */
export function createConnectionSlots(max: number) {
  const held = new Map<string, number>()
  return {
    claim(key: string): (() => void) | undefined {
      const count = held.get(key) ?? 0
      if (count >= max) return undefined
      held.set(key, count + 1)
      let released = false
      return () => {
        if (released) return
        released = true
        const left = (held.get(key) ?? 1) - 1
        if (left <= 0) held.delete(key)
        else held.set(key, left)
      }
    },
    /** Keys holding a slot (for tests and metrics). */
    get size() {
      return held.size
    },
  }
}
