/**
 * The vault in real Chromium IndexedDB and WebCrypto: records sealed at rest, bound to their slot
 * and key; passcode errors; one writer per vault (Web Lock); FROST nonces kept out of IndexedDB
 * (memory only, wiped and refused once the vault closes); a second index of a held key refused;
 * a passcode set and changed over the same sealed records, with its typed refusals.
 */
import { randomBytes } from '@noble/hashes/utils.js'
import { publicKeyState, serializeKeyShare } from '@tessera/mpc'
import { splitExistingKeyIntoShares } from '@tessera/mpc/dangerous'
import { createMpcEngine, memoryShareStore } from '@tessera/mpc/worker'
import { promisifyRequest } from 'idb-keyval'
import { afterEach, describe, expect, test } from 'vitest'
import {
  PasscodeRequiredError,
  VaultClosedError,
  VaultLockedError,
  VaultReadError,
  WeakKdfError,
  WeakPasscodeError,
  WrongPasscodeError,
} from '../errors.ts'
import { openVaultDatabase, type RecordKey } from './database.ts'
import { openVault, type Vault } from './openVault.ts'
import { MIN_PASSCODE_KDF } from './passcode.ts'

const opened: Vault[] = []
afterEach(async () => {
  for (const v of opened.splice(0)) await v.close()
})

const fresh = () => `test-${Math.random().toString(36).slice(2)}`
async function open(name: string, extra: { passcode?: string } = {}) {
  const vault = await openVault({ name, ...extra, kdf: MIN_PASSCODE_KDF })
  opened.push(vault)
  return vault
}

/** Raw rows of a vault's database, bypassing the vault (what an attacker with the disk sees). */
async function rawRows(name: string) {
  const db = await openVaultDatabase(name)
  try {
    return await db.transaction('readonly', async (store) => {
      const keys = store.getAllKeys()
      const values = store.getAll()
      return { keys: await promisifyRequest(keys), values: await promisifyRequest(values) }
    })
  } finally {
    db.close()
  }
}

async function rawPut(name: string, slot: RecordKey, value: unknown) {
  const db = await openVaultDatabase(name)
  try {
    await db.transaction('readwrite', (store) => promisifyRequest(store.put(value, slot)))
  } finally {
    db.close()
  }
}

function containsBytes(haystack: unknown, needle: Uint8Array): boolean {
  if (haystack instanceof Uint8Array) {
    for (let i = 0; i + needle.length <= haystack.length; i++) {
      if (needle.every((b, k) => haystack[i + k] === b)) return true
    }
    return false
  }
  if (haystack !== null && typeof haystack === 'object') {
    return Object.values(haystack).some((v) => containsBytes(v, needle))
  }
  return false
}

describe('encryption at rest', () => {
  test('a stored share is not readable from the raw database; nonces never reach it', async () => {
    const name = fresh()
    const vault = await open(name)
    const share = randomBytes(64)
    const pair = randomBytes(40)
    await vault.shareStore.put('key-a', { share, pairs: { 2: pair } })
    const hiding = randomBytes(32)
    await vault.nonceStore.put('frost-1', { hiding, binding: randomBytes(32) })
    const rows = await rawRows(name)
    expect(rows.keys).toContainEqual(['share', 'key-a'])
    expect(rows.keys.filter((k) => (k as RecordKey)[0] !== 'meta')).toEqual([['share', 'key-a']])
    for (const secret of [share, pair, hiding, share.subarray(0, 16)]) {
      expect(containsBytes(rows.values, secret)).toBe(false)
    }
    const back = await vault.shareStore.get('key-a')
    expect(back?.share).toEqual(share)
    expect(back?.pairs?.[2]).toEqual(pair)
    expect((await vault.nonceStore.take('frost-1'))?.hiding).toEqual(hiding)
    expect(await vault.nonceStore.take('frost-1')).toBeUndefined()
    await vault.nonceStore.put('frost-2', { hiding, binding: hiding })
    await vault.close()
    opened.splice(opened.indexOf(vault), 1)
    expect(() => vault.nonceStore.take('frost-2')).toThrow(VaultClosedError)
  })

  test('a record moved to another handle, or into another vault, does not open', async () => {
    const name = fresh()
    const vault = await open(name)
    await vault.shareStore.put('key-a', { share: randomBytes(64) })
    const row = (await rawRows(name)).values.find(
      (v) => (v as { revision?: number }).revision !== undefined,
    )
    await rawPut(name, ['share', 'key-b'], row)
    await expect(vault.shareStore.get('key-b')).rejects.toThrow(
      'vault record share "key-b" does not open under this vault\'s key',
    )
    const other = fresh()
    const otherVault = await open(other)
    await rawPut(other, ['share', 'key-a'], row)
    await expect(otherVault.shareStore.get('key-a')).rejects.toBeInstanceOf(VaultReadError)
  })

  test('records without their key record are an error, not an empty wallet', async () => {
    const name = fresh()
    const vault = await open(name)
    await vault.shareStore.put('key-a', { share: randomBytes(64) })
    await vault.close()
    opened.pop()
    const db = await openVaultDatabase(name)
    await db.transaction('readwrite', (store) => promisifyRequest(store.delete(['meta', 'key'])))
    db.close()
    await expect(open(name)).rejects.toThrow(
      `vault "${name}" holds records but its key record is missing`,
    )
  })

  test('an absent record is undefined; a garbled one is a VaultReadError', async () => {
    const name = fresh()
    const vault = await open(name)
    expect(await vault.shareStore.get('key-none')).toBeUndefined()
    await rawPut(name, ['share', 'key-x'], { revision: 1, sealed: 'oops' })
    await expect(vault.shareStore.get('key-x')).rejects.toThrow(
      'vault record share "key-x" is not a sealed value',
    )
  })
})

describe('one share per key', () => {
  test('handles() lists the share records only; the engine refuses a second index of a key', async () => {
    const vault = await open(fresh())
    expect(await vault.shareStore.handles?.()).toEqual([])
    await vault.shareStore.put('key-b', { share: randomBytes(64) })
    await vault.shareStore.put('key-a', { share: randomBytes(64) })
    await vault.nonceStore.put('frost-1', { hiding: randomBytes(32), binding: randomBytes(32) })
    expect(await vault.shareStore.handles?.()).toEqual(['key-a', 'key-b'])
    await vault.shareStore.delete('key-a')
    await vault.shareStore.delete('key-b')
    expect(await vault.shareStore.handles?.()).toEqual([])

    // Share 1 of a key lives in the vault; share 3 of the SAME key arrives as a backup file.
    const [one, , three] = splitExistingKeyIntoShares({
      curve: 'secp256k1',
      keyId: 'vault-test',
      t: 2,
      n: 3,
      privateKey: randomBytes(32),
    })
    if (one === undefined || three === undefined) throw new Error('no shares')
    await vault.shareStore.put('key-one', { share: serializeKeyShare(one) })
    const elsewhere = memoryShareStore()
    await elsewhere.put('key-three', { share: serializeKeyShare(three) })
    const kdf = { t: 1, m: 8 * 1024, p: 1 }
    const blob = await createMpcEngine({ store: elsewhere }).exportBackup('key-three', 'pass', {
      kdf,
    })
    const engine = createMpcEngine({ store: vault.shareStore })
    await expect(engine.importBackup(blob, 'pass', publicKeyState(three))).rejects.toThrow(
      /already holds share 1 of key vault-test: a second index \(3\)/,
    )
    expect(await vault.shareStore.handles?.()).toEqual(['key-one'])
  })
})

describe('passcode', () => {
  test('the right passcode opens; a wrong or missing one fails precisely', async () => {
    const name = fresh()
    const vault = await open(name, { passcode: 'correct horse' })
    await vault.shareStore.put('key-a', { share: new Uint8Array([1, 2, 3]) })
    await vault.close()
    opened.pop()
    await expect(open(name, { passcode: 'wrong horse' })).rejects.toBeInstanceOf(WrongPasscodeError)
    await expect(open(name, { passcode: 'wrong horse' })).rejects.toThrow(
      `the passcode does not unlock vault "${name}"`,
    )
    await expect(open(name)).rejects.toBeInstanceOf(PasscodeRequiredError)
    const again = await open(name, { passcode: 'correct horse' })
    expect((await again.shareStore.get('key-a'))?.share).toEqual(new Uint8Array([1, 2, 3]))
  })

  test('argon2id costs below the floor are refused, also when read from storage', async () => {
    await expect(
      openVault({ name: fresh(), passcode: 'correct horse', kdf: { t: 1, m: 19456, p: 1 } }),
    ).rejects.toBeInstanceOf(WeakKdfError)
    const name = fresh()
    await (await open(name, { passcode: 'correct horse' })).close()
    opened.pop()
    const db = await openVaultDatabase(name)
    await db.transaction('readwrite', async (store) => {
      const record = await promisifyRequest(store.get(['meta', 'key']))
      record.passcode.kdf = { t: 2, m: 8, p: 1 }
      await promisifyRequest(store.put(record, ['meta', 'key']))
    })
    db.close()
    await expect(open(name, { passcode: 'correct horse' })).rejects.toThrow(
      'argon2id costs below the minimum: m=8, minimum 19456',
    )
  })

  test('a passcode given to a vault without one is refused', async () => {
    const name = fresh()
    await (await open(name)).close()
    opened.pop()
    await expect(open(name, { passcode: 'correct horse' })).rejects.toThrow(
      `vault "${name}" has no passcode; one was given`,
    )
  })
})

describe('changing the passcode', () => {
  const kdf = MIN_PASSCODE_KDF
  test('set on a vault without one, then changed: the same records open under the new one only', async () => {
    const name = fresh()
    const vault = await open(name)
    const share = randomBytes(64)
    await vault.shareStore.put('key-a', { share })
    const before = await rawRows(name)
    await vault.changePasscode({ next: 'first passcode', kdf })
    // The share's record is untouched: only the key record changed.
    const after = await rawRows(name)
    const shareRow = (rows: typeof before) =>
      rows.values[rows.keys.findIndex((k) => (k as RecordKey)[0] === 'share')]
    expect(shareRow(after)).toEqual(shareRow(before))
    expect(containsBytes(after.values, new TextEncoder().encode('first passcode'))).toBe(false)
    // Still open: the data key did not change, so the open vault keeps working.
    expect((await vault.shareStore.get('key-a'))?.share).toEqual(share)
    await vault.changePasscode({ current: 'first passcode', next: 'second passcode', kdf })
    await vault.close()
    opened.pop()
    await expect(open(name)).rejects.toBeInstanceOf(PasscodeRequiredError)
    await expect(open(name, { passcode: 'first passcode' })).rejects.toBeInstanceOf(
      WrongPasscodeError,
    )
    const again = await open(name, { passcode: 'second passcode' })
    expect((await again.shareStore.get('key-a'))?.share).toEqual(share)
  })

  test('a wrong or missing current passcode and a weak new one are refused; nothing changes', async () => {
    const name = fresh()
    const vault = await open(name, { passcode: 'correct horse' })
    await vault.shareStore.put('key-a', { share: new Uint8Array([7]) })
    const before = await rawRows(name)
    await expect(
      vault.changePasscode({ current: 'wrong horse', next: 'battery staple', kdf }),
    ).rejects.toThrow(new WrongPasscodeError(name))
    await expect(vault.changePasscode({ next: 'battery staple', kdf })).rejects.toBeInstanceOf(
      PasscodeRequiredError,
    )
    for (const [next, rule] of [
      ['abc12', 'length'],
      ['abababab', 'distinct'],
      ['123456', 'sequence'],
      ['987654321', 'sequence'],
      ['aaaaaaa', 'distinct'],
    ] as const) {
      const refused = vault.changePasscode({ current: 'correct horse', next, kdf })
      await expect(refused).rejects.toBeInstanceOf(WeakPasscodeError)
      await expect(refused).rejects.toMatchObject({ rule })
    }
    expect(await rawRows(name)).toEqual(before)
    await vault.close()
    opened.pop()
    const again = await open(name, { passcode: 'correct horse' })
    expect((await again.shareStore.get('key-a'))?.share).toEqual(new Uint8Array([7]))
  })

  test('a current passcode given to a vault without one is a wrong passcode', async () => {
    const name = fresh()
    const vault = await open(name)
    await expect(
      vault.changePasscode({ current: 'anything', next: 'battery staple', kdf }),
    ).rejects.toBeInstanceOf(WrongPasscodeError)
  })
})

describe('one writer per vault', () => {
  test('a second opener is refused until the first closes', async () => {
    const name = fresh()
    const first = await open(name)
    await expect(openVault({ name })).rejects.toBeInstanceOf(VaultLockedError)
    await first.close()
    opened.pop()
    await expect(first.shareStore.get('key-a')).rejects.toBeInstanceOf(VaultClosedError)
    const second = await open(name)
    expect(await second.shareStore.get('key-a')).toBeUndefined()
  })
})
