/**
 * EIP-6963 in a real browser: the provider announces itself on the window at once and again on
 * every `eip6963:requestProvider`, with the same uuid and rdns each time, a data-URI icon and a
 * frozen detail; after the returned function is called it stops answering.
 */
import { createMemorySessionStore } from '@tessera/core'
import { custom } from 'viem'
import { mainnet } from 'viem/chains'
import { expect, test } from 'vitest'
import { TESSERA_RDNS } from '../constants.ts'
import { createTesseraProvider } from '../createTesseraProvider.ts'
import { announceProvider, type ProviderDetail } from './announceProvider.ts'

test('announces on load and on every request, with a stable uuid and rdns', async () => {
  const provider = createTesseraProvider({
    relayUrl: 'wss://relay.invalid',
    metadata: { name: 'EIP-6963 test' },
    chains: [mainnet],
    rpc: { 1: custom({ request: () => Promise.reject(new Error('no RPC in this test')) }) },
    store: createMemorySessionStore(),
  })
  const seen: ProviderDetail[] = []
  const listener = (event: Event): void => {
    seen.push((event as CustomEvent<ProviderDetail>).detail)
  }
  window.addEventListener('eip6963:announceProvider', listener)
  try {
    const stop = announceProvider({ provider })
    expect(seen).toHaveLength(1)
    const [first] = seen
    expect(first?.provider).toBe(provider)
    expect(first?.info).toMatchObject({ name: 'Tessera', rdns: TESSERA_RDNS })
    expect(first?.info.uuid).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
    expect(first?.info.icon).toMatch(/^data:image\/svg\+xml,/)
    expect(Object.isFrozen(first)).toBe(true)
    expect(Object.isFrozen(first?.info)).toBe(true)

    window.dispatchEvent(new Event('eip6963:requestProvider'))
    window.dispatchEvent(new Event('eip6963:requestProvider'))
    expect(seen).toHaveLength(3)
    for (const detail of seen) {
      expect(detail.info.uuid).toBe(first?.info.uuid)
      expect(detail.info.rdns).toBe(TESSERA_RDNS)
      expect(detail.provider).toBe(provider)
    }

    // The icon is a usable image.
    const image = new Image()
    const loaded = new Promise((resolve, reject) => {
      image.onload = resolve
      image.onerror = () => reject(new Error('the icon does not load'))
    })
    image.src = first?.info.icon ?? ''
    await loaded
    expect(image.naturalWidth).toBeGreaterThan(0)

    stop()
    window.dispatchEvent(new Event('eip6963:requestProvider'))
    expect(seen).toHaveLength(3)
  } finally {
    window.removeEventListener('eip6963:announceProvider', listener)
    await provider.close()
  }
})
