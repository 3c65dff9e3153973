/** The browser adapter in Chromium: storage round trip and limits, randomness, login proof. */
import { expect, test } from 'vitest'
import { boundedStorage } from './boundedStorage.ts'
import { browserPlatform } from './browserPlatform.ts'

const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln'

test('storage round-trips strings in IndexedDB and enforces its limits', async () => {
  const platform = browserPlatform({
    idToken: async () => jwt,
    databaseName: `platform-${Math.random()}`,
  })
  expect(await platform.storage.get('backup_1')).toBeUndefined()
  await platform.storage.set('backup_1', 'chunk')
  expect(await platform.storage.get('backup_1')).toBe('chunk')
  await platform.storage.delete('backup_1')
  expect(await platform.storage.get('backup_1')).toBeUndefined()
  await expect(platform.storage.set('bad key', 'x')).rejects.toThrow(
    'storage key "bad key" has characters outside A-Z a-z 0-9 _ -',
  )
})

test('Telegram CloudStorage limits: 4,096-character values, 128-character keys', async () => {
  const map = new Map<string, string>()
  const storage = boundedStorage(
    {
      get: async (k) => map.get(k),
      set: async (k, v) => void map.set(k, v),
      delete: async (k) => void map.delete(k),
    },
    { maxValueChars: 4096, maxKeyChars: 128, secureStorageItems: 10, storageMayBeWiped: false },
  )
  await storage.set('k', 'x'.repeat(4096))
  await expect(storage.set('k', 'x'.repeat(4097))).rejects.toThrow(
    'storage value of "k" has 4097 characters, limit 4096',
  )
  await expect(storage.get('k'.repeat(129))).rejects.toThrow(/longer than 128/)
  expect(map.get('k')).toHaveLength(4096)
})

test('randomness is asynchronous and sized; the login proof is the id token', async () => {
  const platform = browserPlatform({ idToken: async () => jwt })
  const a = await platform.randomBytes(32)
  const b = await platform.randomBytes(32)
  expect(a).toHaveLength(32)
  expect(a).not.toEqual(b)
  await expect(platform.randomBytes(0)).rejects.toThrow(
    '"length" expected an integer in [1, 65536]',
  )
  expect(await platform.loginProof()).toEqual({ kind: 'oidc', idToken: jwt })
  const bad = browserPlatform({ idToken: async () => 'not-a-jwt' })
  await expect(bad.loginProof()).rejects.toThrow('not a compact JWT')
  await expect(platform.openLink('javascript:alert(1)')).rejects.toThrow(
    'refusing to open a javascript: link',
  )
  expect(() => platform.haptic('success')).not.toThrow()
})
