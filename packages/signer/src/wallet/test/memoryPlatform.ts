/**
 * TEST DOUBLE of a PlatformAdapter: storage in a Map (under Telegram's key and value limits) that survives a "reload" when the same Map is
 * passed again, a login proof from a caller-given function, and a switch that makes storage reads
 * fail (the StorageRead tests). Randomness is the real CSPRNG.
 */
import { randomBytes } from '@noble/hashes/utils.js'
import { boundedStorage } from '../../platform/boundedStorage.ts'
import type { KeyValueStorage, LoginProof, PlatformAdapter } from '../../platform/types.ts'

export type MemoryPlatform = PlatformAdapter & {
  readonly data: Map<string, string>
  /** While true every `get` rejects (a storage that cannot be read). */
  failReads: boolean
  /** How many login proofs were asked for. */
  proofs: number
}

export function memoryPlatform(
  loginProof: () => LoginProof | Promise<LoginProof>,
  data: Map<string, string> = new Map(),
): MemoryPlatform {
  const raw: KeyValueStorage = {
    async get(key) {
      if (platform.failReads) throw new Error('storage unavailable')
      return data.get(key)
    },
    async set(key, value) {
      data.set(key, value)
    },
    async delete(key) {
      data.delete(key)
    },
  }
  // Telegram's limits, enforced as boundedStorage does on a real platform.
  const limits = {
    maxValueChars: 4096,
    maxKeyChars: 128,
    secureStorageItems: 0,
    storageMayBeWiped: false,
  }
  const platform: MemoryPlatform = {
    platform: 'browser',
    limits,
    storage: boundedStorage(raw, limits),
    data,
    failReads: false,
    proofs: 0,
    async randomBytes(length) {
      return randomBytes(length)
    },
    async loginProof() {
      platform.proofs++
      return loginProof()
    },
    async openLink() {},
    haptic() {},
  }
  return platform
}
