/**
 * Wraps a platform's storage so keys and values beyond its documented limits (types.ts) are
 * refused with a RangeError before the platform is called, and so a failed read surfaces as an
 * error rather than as a missing value. Values are never echoed in errors.
 */
import type { KeyValueStorage, StorageLimits } from './types.ts'

function checkKey(key: unknown, limits: StorageLimits): string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new TypeError('storage key expected a non-empty string')
  }
  if (key.length > limits.maxKeyChars) {
    throw new RangeError(`storage key "${key.slice(0, 32)}…" longer than ${limits.maxKeyChars}`)
  }
  if (!/^[A-Za-z0-9_-]+$/.test(key)) {
    // Telegram CloudStorage allows only A-Z, a-z, 0-9, _ and - in keys.
    throw new RangeError(`storage key "${key}" has characters outside A-Z a-z 0-9 _ -`)
  }
  return key
}

export function boundedStorage(inner: KeyValueStorage, limits: StorageLimits): KeyValueStorage {
  return {
    async get(key) {
      const value = await inner.get(checkKey(key, limits))
      if (value !== undefined && typeof value !== 'string') {
        throw new TypeError(`storage value of "${key}" is not a string`)
      }
      return value
    },
    async set(key, value) {
      checkKey(key, limits)
      if (typeof value !== 'string') throw new TypeError('storage value expected string')
      if (value.length > limits.maxValueChars) {
        throw new RangeError(
          `storage value of "${key}" has ${value.length} characters, limit ${limits.maxValueChars}`,
        )
      }
      await inner.set(key, value)
    },
    delete: (key) => inner.delete(checkKey(key, limits)),
  }
}
