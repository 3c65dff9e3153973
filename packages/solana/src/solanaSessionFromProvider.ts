/**
 * `solanaSessionFromProvider(provider)`: the `session` and `connect` options of the Solana wallet
 * from `@tessera/provider`'s EVM provider, so one pairing serves EVM and Solana (the provider
 * created with `extraChains: ['solana:…']`, docs/CHAINS.md#solana-over-a-tessera-session).
 * `connect` pairs through the provider (`eth_requestAccounts`: its modal or `onPairingUri`) when
 * there is no live session. Structural: this package needs neither `@tessera/provider` nor core.
 */
import { SolanaWalletError } from './SolanaWalletError.ts'
import type { SolanaSessionLike } from './types.ts'

/** What is used of a Tessera provider (`createTesseraProvider`'s result fits as is). */
export type TesseraProviderLike = {
  session(): SolanaSessionLike | undefined
  request(args: { readonly method: 'eth_requestAccounts' }): Promise<unknown>
}

export function solanaSessionFromProvider(provider: TesseraProviderLike): {
  readonly session: () => SolanaSessionLike | undefined
  readonly connect: () => Promise<SolanaSessionLike>
} {
  if (typeof provider?.session !== 'function' || typeof provider.request !== 'function') {
    throw new TypeError('"provider" expected a Tessera provider (session() and request())')
  }
  return {
    session: () => provider.session(),
    async connect() {
      await provider.request({ method: 'eth_requestAccounts' })
      const session = provider.session()
      if (session?.active !== true)
        throw new SolanaWalletError('NotConnected', 'The provider did not connect a session.')
      return session
    },
  }
}
