import { describe, expect, test } from 'vitest'
import { createMemorySessionStore } from './createMemorySessionStore.ts'
import { loadRelaySeed, RELAY_SEED_KEY } from './loadRelaySeed.ts'

describe('loadRelaySeed', () => {
  test('creates a 32-byte seed once, stores it as bytes and returns it again', async () => {
    const store = createMemorySessionStore()
    const first = await loadRelaySeed(store)
    expect(first).toBeInstanceOf(Uint8Array)
    expect(first).toHaveLength(32)
    expect(await store.get(RELAY_SEED_KEY)).toEqual(first)
    expect(await loadRelaySeed(store, () => new Uint8Array(32))).toEqual(first)
  })

  test('replaces a stored value that is not a 32-byte Uint8Array', async () => {
    const store = createMemorySessionStore()
    await store.set(RELAY_SEED_KEY, 'ab'.repeat(32))
    const seed = await loadRelaySeed(store, (n) => new Uint8Array(n).fill(9))
    expect(seed).toEqual(new Uint8Array(32).fill(9))
  })

  test('the memory store clones: a caller cannot change what is stored', async () => {
    const store = createMemorySessionStore()
    const value = { key: new Uint8Array([1, 2]) }
    await store.set('k', value)
    value.key[0] = 7
    expect(await store.get('k')).toEqual({ key: new Uint8Array([1, 2]) })
  })
})
