/**
 * `createDemoConfig(config, locale)`: the wagmi config of the demo — the local chain (its RPC from
 * the settings) and Sepolia, so "switch chains" has somewhere to go — with `injected()` and
 * `tessera()` side by side. Tessera pairs through its default connect modal, told the demo's
 * language and, when configured, the H5 signer for its universal link.
 */
import { tessera } from '@tessera/wagmi'
import { createConfig, http, injected } from '@wagmi/core'
import { defineChain } from 'viem'
import { sepolia } from 'viem/chains'
import type { DemoConfig } from './config.ts'
import type { Locale } from './i18n.ts'

/** The Solana chain of the demo's Solana section: devnet (signed there, not sent). */
export const SOLANA_CHAIN = 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1'

export function createDemoConfig(config: DemoConfig, locale: Locale) {
  const local = defineChain({
    id: config.chainId,
    name: config.chainId === 31337 ? 'Local (hardhat)' : `Local ${config.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [config.rpcUrl] } },
  })
  return createConfig({
    chains: [local, sepolia],
    connectors: [
      injected(),
      tessera({
        relayUrl: config.relayUrl,
        metadata: {
          name: 'Tessera demo dapp',
          url: location.origin,
        },
        // One pairing serves the local EVM chain, Conflux Core and Solana (the demo's sections).
        extraChains: [`cfx:${config.confluxChainId}`, SOLANA_CHAIN],
        ...(config.requestTimeoutMs === undefined
          ? {}
          : { requestTimeoutMs: config.requestTimeoutMs }),
        ...(config.pairingTtlSeconds === undefined
          ? {}
          : { pairingTtlSeconds: config.pairingTtlSeconds }),
        modal: {
          locale,
          ...(config.signerUrl === undefined ? {} : { links: { signer: config.signerUrl } }),
        },
      }),
    ],
    transports: { [local.id]: http(config.rpcUrl), [sepolia.id]: http() },
  })
}

export type DemoWagmiConfig = ReturnType<typeof createDemoConfig>
