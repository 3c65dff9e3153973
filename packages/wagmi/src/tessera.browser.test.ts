/**
 * wagmi's EIP-6963 discovery in a real browser: with `multiInjectedProviderDiscovery` on and the
 * Tessera provider announced, `createConfig` lists exactly one Tessera entry — the `tessera()`
 * connector, because it declares the same rdns — while another announced wallet still appears.
 * Both announcement orders are covered: before `createConfig` and after it (mipd's subscription).
 */
import { createMemorySessionStore } from '@tessera/core'
import { announceProvider, createTesseraProvider, TESSERA_RDNS } from '@tessera/provider'
import { createConfig } from '@wagmi/core'
import { custom, type EIP1193Provider } from 'viem'
import { mainnet } from 'viem/chains'
import { expect, test } from 'vitest'
import { tessera } from './tessera.ts'

const noRpc = custom({ request: () => Promise.reject(new Error('no RPC in this test')) })

test('one Tessera entry in wagmi, however often the provider is announced', async () => {
  const provider = createTesseraProvider({
    relayUrl: 'wss://relay.invalid',
    metadata: { name: 'wagmi discovery test' },
    chains: [mainnet],
    rpc: { 1: noRpc },
    store: createMemorySessionStore(),
  })
  const other = {
    request: async () => null,
    on() {},
    removeListener() {},
  } as unknown as EIP1193Provider
  const stops = [
    announceProvider({ provider }),
    announceProvider({
      provider: other,
      info: { name: 'Other wallet', rdns: 'com.example.other' },
    }),
  ]
  try {
    const config = createConfig({
      chains: [mainnet],
      connectors: [tessera({ provider })],
      transports: { [mainnet.id]: noRpc },
      multiInjectedProviderDiscovery: true,
    })
    const tesseraEntries = () =>
      config.connectors.filter(
        (c) => c.rdns === TESSERA_RDNS || (Array.isArray(c.rdns) && c.rdns.includes(TESSERA_RDNS)),
      )
    expect(tesseraEntries().map((c) => c.type)).toEqual(['tessera'])
    expect(config.connectors.map((c) => c.id)).toContain('com.example.other')

    // Announced again after the config exists (wagmi's mipd subscription path).
    stops.push(announceProvider({ provider }))
    window.dispatchEvent(new Event('eip6963:requestProvider'))
    expect(tesseraEntries().map((c) => c.id)).toEqual(['tessera'])
    expect(config.connectors.filter((c) => c.id === 'com.example.other')).toHaveLength(1)
    expect(await tesseraEntries()[0]?.getProvider()).toBe(provider)
  } finally {
    for (const stop of stops) stop()
    await provider.close()
  }
})
