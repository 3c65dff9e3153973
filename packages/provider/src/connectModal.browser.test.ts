/**
 * The provider's default pairing UI in Chromium: with no `onPairingUri`, `eth_requestAccounts`
 * opens @tessera/modal (loaded on demand) showing the very URI of the `display_uri` message; a
 * signer answering it (core's test wallet, over the relay of the browser project's globalSetup)
 * pairs, the modal says so and closes. Escape cancels the pairing (4001); an expired code becomes
 * "New code", which pairs anew in the same modal; a modal that cannot open (a malformed deep-link
 * setting) cancels the pairing at once; a dapp's own `onPairingUri` replaces the modal.
 */
import { createMemorySessionStore, createRelayClient, relayIdentityFromSeed } from '@tessera/core'
import { createTestWallet } from '@tessera/core/testing/testWallet'
import { CONNECT_MODAL_TAG } from '@tessera/modal'
import { custom, type ProviderMessage } from 'viem'
import { generatePrivateKey } from 'viem/accounts'
import { mainnet } from 'viem/chains'
import { afterEach, expect, inject, test, vi } from 'vitest'
import { userEvent } from 'vitest/browser'
import { createTesseraProvider } from './createTesseraProvider.ts'
import type { TesseraProvider, TesseraProviderParameters } from './types.ts'

declare module 'vitest' {
  /** Provided by `test/relay.globalSetup.ts` (the browser project's globalSetup). */
  export interface ProvidedContext {
    tesseraRelayUrl: string
  }
}

/**
 * For a state a click or a message causes: the page gets there within a frame or two, but on a
 * loaded CI machine a frame can take seconds. The deadline only catches a page that never gets
 * there (`vi.waitFor`'s default of one second would be a timing assertion).
 */
const PAGE = { timeout: 30_000, interval: 20 }
const noRpc = custom({ request: () => Promise.reject(new Error('no RPC in this test')) })
const closers: (() => Promise<void>)[] = []

afterEach(async () => {
  for (const close of closers.splice(0)) await close()
  expect(document.querySelector(CONNECT_MODAL_TAG)).toBeNull()
})

function setup(parameters: Partial<TesseraProviderParameters> = {}) {
  const relayUrl = inject('tesseraRelayUrl')
  const provider: TesseraProvider = createTesseraProvider({
    relayUrl,
    metadata: { name: 'Modal wiring test' },
    chains: [mainnet],
    rpc: { 1: noRpc },
    store: createMemorySessionStore(),
    modal: { locale: 'en', links: { signer: 'http://127.0.0.1:5174' } },
    ...parameters,
  })
  const uris: string[] = []
  provider.on('message', (message: ProviderMessage) => {
    if (message.type === 'display_uri') uris.push(message.data as string)
  })
  closers.push(() => provider.close())
  return { provider, uris }
}

async function walletFor() {
  const wallet = createTestWallet({ privateKey: generatePrivateKey(), chainIds: [1] })
  const relay = createRelayClient({
    url: inject('tesseraRelayUrl'),
    identity: await relayIdentityFromSeed(crypto.getRandomValues(new Uint8Array(32))),
  })
  closers.push(() => relay.close())
  const pair = (uri: string) => wallet.pair({ uri, relay, store: createMemorySessionStore() })
  return { wallet, pair }
}

/** The open modal (waits for it to load), its state and the URI it shows. */
async function modal() {
  const host = await vi.waitFor(
    () => {
      const element = document.querySelector<HTMLElement>(CONNECT_MODAL_TAG)
      if (element?.shadowRoot?.querySelector('input') == null) throw new Error('no modal yet')
      return element
    },
    { timeout: 10_000 },
  )
  const shadow = host.shadowRoot as ShadowRoot
  return {
    host,
    state: () => host.dataset.state,
    uri: () => (shadow.querySelector('input') as HTMLInputElement).value,
    $: (selector: string) => shadow.querySelector(selector) as HTMLElement,
  }
}

const gone = () =>
  vi.waitFor(() => expect(document.querySelector(CONNECT_MODAL_TAG)).toBeNull(), {
    timeout: 5_000,
  })

test('no onPairingUri: the modal shows the URI, the signer answers it, the modal closes', async () => {
  const { provider, uris } = setup()
  const { wallet, pair } = await walletFor()
  const accounts = provider.request({ method: 'eth_requestAccounts' })
  const shown = await modal()
  expect(shown.state()).toBe('waiting')
  expect(uris).toEqual([shown.uri()])
  expect(shown.$('nav a').getAttribute('href')).toBe(`http://127.0.0.1:5174/pair#${uris[0]}`)
  await pair(shown.uri())
  expect(await accounts).toEqual([wallet.address])
  await vi.waitFor(() => expect(shown.state()).toBe('paired'), PAGE)
  await gone()
})

test('Escape closes the modal and cancels the pairing: 4001', async () => {
  const { provider } = setup()
  const accounts = provider.request({ method: 'eth_requestAccounts' }).catch((e: unknown) => e)
  await modal()
  await userEvent.keyboard('{Escape}')
  const error = (await accounts) as { code: number; details: string }
  expect(error.code).toBe(4001)
  expect(error.details).toBe('Pairing was cancelled before a wallet answered.')
  expect(provider.connected).toBe(false)
  expect(document.querySelector(CONNECT_MODAL_TAG)).toBeNull()
})

test('an expired code offers a new one, which pairs in the same modal', async () => {
  const { provider, uris } = setup({ pairingTtlSeconds: 2 })
  const { wallet, pair } = await walletFor()
  const first = provider.request({ method: 'eth_requestAccounts' }).catch((e: unknown) => e)
  const shown = await modal()
  expect(((await first) as { code: number }).code).toBe(4001)
  await vi.waitFor(() => expect(shown.state()).toBe('expired'), { timeout: 5_000 })
  const connected = new Promise((resolve) => provider.on('connect', resolve))
  shown.$('.refresh').click()
  await vi.waitFor(() => expect(uris).toHaveLength(2), { timeout: 10_000 })
  await vi.waitFor(() => expect(shown.uri()).toBe(uris[1]), PAGE)
  expect(shown.state()).toBe('waiting')
  expect(document.querySelectorAll(CONNECT_MODAL_TAG)).toHaveLength(1)
  await pair(shown.uri())
  await connected
  expect(await provider.request({ method: 'eth_accounts' })).toEqual([wallet.address])
  await gone()
})

test('a modal that cannot open cancels the pairing (4001) and logs why', async () => {
  const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
  try {
    const { provider } = setup({
      modal: { links: { telegram: { bot: 'not a bot name', app: 'wallet' } } },
    })
    const error = (await provider
      .request({ method: 'eth_requestAccounts' })
      .catch((e: unknown) => e)) as { code: number; details: string }
    expect(error.code).toBe(4001)
    expect(error.details).toBe('Pairing was cancelled before a wallet answered.')
    expect(logged).toHaveBeenCalledExactlyOnceWith(
      'Tessera: the connect modal could not open; pairing cancelled.',
      new TypeError('"links.telegram.bot" expected to match /^[A-Za-z0-9_]{1,64}$/'),
    )
  } finally {
    logged.mockRestore()
  }
})

test("the dapp's own onPairingUri replaces the modal", async () => {
  const { pair } = await walletFor()
  let paired: Promise<unknown> | undefined
  const { provider } = setup({
    onPairingUri: (uri) => {
      paired = pair(uri)
    },
  })
  await provider.request({ method: 'eth_requestAccounts' })
  await paired
  expect(document.querySelector(CONNECT_MODAL_TAG)).toBeNull()
})
