/**
 * In a real browser: the relay identity is a non-extractable Ed25519 CryptoKey kept in IndexedDB,
 * the same after a reload, and its JWT verifies with WebCrypto; the noble fallback (a platform
 * without WebCrypto) signs the same bytes for the same seed.
 */
import { expect, test } from 'vitest'
import { relayIdentityFromSeed } from '../relay/relayIdentity.ts'
import { signRelayJwt } from '../relay/signRelayJwt.ts'
import { createIndexedDbSessionStore } from './createIndexedDbSessionStore.ts'
import { loadRelayIdentity, RELAY_KEY_PAIR_KEY } from './loadRelayIdentity.ts'

const fromBase64Url = (text: string): Uint8Array<ArrayBuffer> =>
  Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))

test('a non-extractable key in IndexedDB survives a reload and signs JWTs WebCrypto verifies', async () => {
  const database = `tessera-identity-${crypto.randomUUID()}`
  const first = await loadRelayIdentity(createIndexedDbSessionStore({ database }))

  // "Reload": a new store object on the same database.
  const reopened = createIndexedDbSessionStore({ database })
  const stored = (await reopened.get(RELAY_KEY_PAIR_KEY)) as {
    privateKey: CryptoKey
    publicKey: Uint8Array<ArrayBuffer>
  }
  expect(stored.privateKey).toBeInstanceOf(CryptoKey)
  expect(stored.privateKey.extractable).toBe(false)
  await expect(crypto.subtle.exportKey('pkcs8', stored.privateKey)).rejects.toThrow()
  const again = await loadRelayIdentity(reopened)
  expect(again.clientId).toBe(first.clientId)

  const token = await signRelayJwt({
    identity: again,
    aud: 'wss://relay.example',
    iat: 1_700_000_000,
    subject: new Uint8Array(32),
  })
  const [header, payload, signature] = token.split('.') as [string, string, string]
  const publicKey = await crypto.subtle.importKey('raw', stored.publicKey, 'Ed25519', true, [
    'verify',
  ])
  const signed = new TextEncoder().encode(`${header}.${payload}`)
  expect(await crypto.subtle.verify('Ed25519', publicKey, fromBase64Url(signature), signed)).toBe(
    true,
  )
  expect(JSON.parse(new TextDecoder().decode(fromBase64Url(payload))).iss).toBe(first.clientId)
  indexedDB.deleteDatabase(database)
})

test('WebCrypto and the noble fallback give one identity and one signature for one seed', async () => {
  const seed = crypto.getRandomValues(new Uint8Array(32))
  const web = await relayIdentityFromSeed(seed)
  const noble = await relayIdentityFromSeed(seed, { subtle: null })
  expect(noble.clientId).toBe(web.clientId)
  const data = new TextEncoder().encode('header.payload')
  expect(await noble.sign(data)).toEqual(await web.sign(data))
})
