/**
 * The `tessera()` connector's default pairing UI in Chromium: wagmi's `connect` with no
 * `onPairingUri` opens @tessera/modal; a signer answering the URI it shows (core's test wallet,
 * over the browser project's relay) connects wagmi to that account, and closing the modal with
 * Escape rejects `connect` with `UserRejectedRequestError`.
 */
import { createMemorySessionStore, createRelayClient, relayIdentityFromSeed } from '@tessera/core'
import { createTestWallet } from '@tessera/core/testing/testWallet'
import type { TesseraProvider } from '@tessera/provider'
import { connect, createConfig, getConnection } from '@wagmi/core'
import { custom, UserRejectedRequestError } from 'viem'
import { generatePrivateKey } from 'viem/accounts'
import { mainnet } from 'viem/chains'
import { afterEach, expect, inject, test, vi } from 'vitest'
import { userEvent } from 'vitest/browser'
import { tessera } from './tessera.ts'

declare module 'vitest' {
  /** Provided by `packages/provider/test/relay.globalSetup.ts` (the browser project's globalSetup). */
  export interface ProvidedContext {
    tesseraRelayUrl: string
  }
}

/** @tessera/modal's host element (the provider's dependency, not this package's). */
const CONNECT_MODAL_TAG = 'tessera-connect-modal'
const noRpc = custom({ request: () => Promise.reject(new Error('no RPC in this test')) })
const closers: (() => Promise<void>)[] = []

afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

async function setup() {
  const config = createConfig({
    chains: [mainnet],
    connectors: [
      tessera({
        relayUrl: inject('tesseraRelayUrl'),
        metadata: { name: 'wagmi modal test' },
        store: createMemorySessionStore(),
        modal: { locale: 'en' },
      }),
    ],
    transports: { [mainnet.id]: noRpc },
    storage: null, // no wagmi state carried from one test to the next through localStorage
  })
  const connector = config.connectors[0]
  if (connector === undefined) throw new Error('no connector')
  const provider = (await connector.getProvider()) as TesseraProvider
  closers.push(() => provider.close())
  return { config, connector }
}

const modalUri = () =>
  vi.waitFor(
    () => {
      const input = document.querySelector(CONNECT_MODAL_TAG)?.shadowRoot?.querySelector('input')
      if (input == null) throw new Error('no modal yet')
      return input.value
    },
    { timeout: 10_000 },
  )

test('connect opens the modal; the signer answering its URI connects wagmi', async () => {
  const { config, connector } = await setup()
  const wallet = createTestWallet({ privateKey: generatePrivateKey(), chainIds: [1] })
  const relay = createRelayClient({
    url: inject('tesseraRelayUrl'),
    identity: await relayIdentityFromSeed(crypto.getRandomValues(new Uint8Array(32))),
  })
  closers.push(() => relay.close())
  const connecting = connect(config, { connector })
  await wallet.pair({ uri: await modalUri(), relay, store: createMemorySessionStore() })
  expect((await connecting).accounts).toEqual([wallet.address])
  expect(getConnection(config).address).toBe(wallet.address)
  await vi.waitFor(() => expect(document.querySelector(CONNECT_MODAL_TAG)).toBeNull(), {
    timeout: 5_000,
  })
})

test('Escape closes the modal and connect rejects with UserRejectedRequestError', async () => {
  const { config, connector } = await setup()
  const connecting = connect(config, { connector }).catch((e: unknown) => e)
  await modalUri()
  await userEvent.keyboard('{Escape}')
  const error = await connecting
  expect(error).toBeInstanceOf(UserRejectedRequestError)
  expect(getConnection(config).status).toBe('disconnected')
  expect(document.querySelector(CONNECT_MODAL_TAG)).toBeNull()
})
