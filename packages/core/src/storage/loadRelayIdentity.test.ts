import { ed25519 } from '@noble/curves/ed25519.js'
import { encodeDidKey } from '@tessera/protocol'
import { verifyRelayJwt } from '@tessera/relay/testing'
import { describe, expect, test } from 'vitest'
import { signRelayJwt } from '../relay/signRelayJwt.ts'
import { createMemorySessionStore } from './createMemorySessionStore.ts'
import { loadRelayIdentity, RELAY_KEY_PAIR_KEY, RELAY_SEED_KEY } from './loadRelayIdentity.ts'
import type { SessionStore } from './SessionStore.ts'

const aud = 'ws://relay.test'
async function verifies(identity: Awaited<ReturnType<typeof loadRelayIdentity>>) {
  const token = await signRelayJwt({ identity, aud, iat: 100, subject: new Uint8Array(32) })
  return verifyRelayJwt(token, { audiences: [aud], nowSec: 100, skewSec: 60 })
}

/**
 * A store that keeps bytes but not CryptoKeys (as a storage adapter that encodes values itself
 * might): a CryptoKey comes back as a plain empty object.
 */
function createStoreWithoutCryptoKeys(): SessionStore {
  const inner = createMemorySessionStore()
  const strip = (value: unknown): unknown => {
    if (value instanceof CryptoKey) return {}
    if (value instanceof Uint8Array || typeof value !== 'object' || value === null) return value
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strip(v)]))
  }
  return { ...inner, set: (key, value) => inner.set(key, strip(value)) }
}

describe('loadRelayIdentity', () => {
  test('with WebCrypto Ed25519: a non-extractable key pair, created once and kept', async () => {
    const store = createMemorySessionStore()
    const first = await loadRelayIdentity(store)
    const stored = (await store.get(RELAY_KEY_PAIR_KEY)) as {
      privateKey: CryptoKey
      publicKey: Uint8Array
    }
    expect(stored.privateKey).toBeInstanceOf(CryptoKey)
    expect(stored.privateKey.extractable).toBe(false)
    expect(stored.privateKey.usages).toEqual(['sign'])
    expect(first.clientId).toBe(encodeDidKey(stored.publicKey))
    expect(await store.get(RELAY_SEED_KEY)).toBeUndefined()
    const again = await loadRelayIdentity(store, { randomBytes: () => new Uint8Array(32) })
    expect(again.clientId).toBe(first.clientId)
    expect(await verifies(again)).toEqual({ ok: true, clientId: first.clientId })
  })

  test('without WebCrypto: a 32-byte seed, created once, stored as bytes, signed by noble', async () => {
    const store = createMemorySessionStore()
    const first = await loadRelayIdentity(store, { subtle: null })
    const seed = (await store.get(RELAY_SEED_KEY)) as Uint8Array
    expect(seed).toBeInstanceOf(Uint8Array)
    expect(seed).toHaveLength(32)
    expect(first.clientId).toBe(encodeDidKey(ed25519.getPublicKey(seed)))
    expect(await store.get(RELAY_KEY_PAIR_KEY)).toBeUndefined()
    const again = await loadRelayIdentity(store, {
      subtle: null,
      randomBytes: () => new Uint8Array(32),
    })
    expect(again.clientId).toBe(first.clientId)
    expect(await verifies(again)).toEqual({ ok: true, clientId: first.clientId })
  })

  test('a seed stored by an earlier version keeps its identity, now signed by WebCrypto', async () => {
    const store = createMemorySessionStore()
    const seed = new Uint8Array(32).fill(9)
    await store.set(RELAY_SEED_KEY, seed)
    const identity = await loadRelayIdentity(store)
    expect(identity.clientId).toBe(encodeDidKey(ed25519.getPublicKey(seed)))
    expect(await store.get(RELAY_KEY_PAIR_KEY)).toBeUndefined()
    expect(await verifies(identity)).toEqual({ ok: true, clientId: identity.clientId })
  })

  test('a store that cannot keep a CryptoKey gets a seed, so the identity survives a reload', async () => {
    const store = createStoreWithoutCryptoKeys()
    const first = await loadRelayIdentity(store)
    expect(await store.keys()).toEqual([RELAY_SEED_KEY])
    expect((await loadRelayIdentity(store)).clientId).toBe(first.clientId)
  })

  test('replaces stored values that are not a key pair or a 32-byte seed', async () => {
    const store = createMemorySessionStore()
    await store.set(RELAY_SEED_KEY, 'ab'.repeat(32))
    await store.set(RELAY_KEY_PAIR_KEY, { privateKey: 'no', publicKey: new Uint8Array(32) })
    const identity = await loadRelayIdentity(store, {
      subtle: null,
      randomBytes: (n) => new Uint8Array(n).fill(9),
    })
    expect(await store.get(RELAY_SEED_KEY)).toEqual(new Uint8Array(32).fill(9))
    expect(identity.clientId).toBe(encodeDidKey(ed25519.getPublicKey(new Uint8Array(32).fill(9))))
  })

  test('the memory store clones: a caller cannot change what is stored', async () => {
    const store = createMemorySessionStore()
    const value = { key: new Uint8Array([1, 2]) }
    await store.set('k', value)
    value.key[0] = 7
    expect(await store.get('k')).toEqual({ key: new Uint8Array([1, 2]) })
  })
})
