/**
 * Test-only: an in-memory key-value storage for the WalletConnect SDK, so nothing is written to
 * the working directory; one object survives a wallet "restart" in the same test. Not exported.
 */
export function memoryStorage() {
  const map = new Map<string, unknown>()
  return {
    getKeys: async () => [...map.keys()],
    getEntries: async <T>() => [...map.entries()] as [string, T][],
    getItem: async <T>(key: string) => map.get(key) as T | undefined,
    setItem: async <T>(key: string, value: T) => {
      map.set(key, value)
    },
    removeItem: async (key: string) => {
      map.delete(key)
    },
  }
}
