/**
 * Session persistence in a real browser (docs/CHAINS.md#wagmi-connector: a reload resumes without a
 * new QR scan): the dapp side pairs with core's test wallet — both in this page, over the relay the
 * browser project's globalSetup started — keeping its session in IndexedDB; a new provider over a
 * new handle on the same database (what a reload gives) resumes it, signs, and disconnects.
 */
import {
  createIndexedDbSessionStore,
  createMemorySessionStore,
  createRelayClient,
  relayIdentityFromSeed,
} from '@tessera/core'
import { createTestWallet } from '@tessera/core/testing/testWallet'
import { custom, type Hex, verifyMessage } from 'viem'
import { generatePrivateKey } from 'viem/accounts'
import { mainnet } from 'viem/chains'
import { expect, inject, test } from 'vitest'
import { createTesseraProvider } from './createTesseraProvider.ts'
import type { TesseraProvider } from './types.ts'

declare module 'vitest' {
  /** Provided by `test/relay.globalSetup.ts` (the browser project's globalSetup). */
  export interface ProvidedContext {
    tesseraRelayUrl: string
  }
}

test('a session kept in IndexedDB resumes in a new provider without pairing', async () => {
  const relayUrl = inject('tesseraRelayUrl')
  const database = `tessera-provider-${crypto.randomUUID()}`
  const wallet = createTestWallet({ privateKey: generatePrivateKey(), chainIds: [1] })
  const walletRelay = createRelayClient({
    url: relayUrl,
    identity: await relayIdentityFromSeed(crypto.getRandomValues(new Uint8Array(32))),
  })
  const noRpc = custom({ request: () => Promise.reject(new Error('no RPC in this test')) })
  const open = (onPairingUri: (uri: string) => void): TesseraProvider =>
    createTesseraProvider({
      relayUrl,
      metadata: { name: 'IndexedDB test' },
      chains: [mainnet],
      rpc: { 1: noRpc },
      store: createIndexedDbSessionStore({ database }),
      onPairingUri,
    })

  let paired: Promise<unknown> | undefined
  const first = open((uri) => {
    paired = wallet.pair({ uri, relay: walletRelay, store: createMemorySessionStore() })
  })
  const [account] = (await first.request({ method: 'eth_requestAccounts' })) as Hex[]
  await paired
  expect(account).toBe(wallet.address)
  await first.close()

  const second = open(() => {
    throw new Error('a resumed session must not pair again')
  })
  try {
    await second.ready()
    expect(second.connected).toBe(true)
    expect(await second.request({ method: 'eth_accounts' })).toEqual([wallet.address])
    const signature = await second.request({
      method: 'personal_sign',
      params: ['0x6869', wallet.address],
    })
    expect(await verifyMessage({ address: wallet.address, message: 'hi', signature })).toBe(true)
    await second.disconnect()
    const keys = await createIndexedDbSessionStore({ database }).keys()
    expect(keys.filter((k) => k.startsWith('session:'))).toEqual([])
  } finally {
    await second.close()
    await walletRelay.close()
  }
})
