/**
 * What the Solana wallet needs of a Tessera session — `@tessera/core`'s `Session` fits as is —
 * and of the dapp (its RPC, for signAndSendTransaction).
 */
import type { JsonArray } from '@tessera/protocol'

export type SolanaSessionLike = {
  readonly active: boolean
  /** CAIP-2 chain id → accounts (base58 for `solana:` chains). */
  readonly accounts: { readonly [chainId: string]: readonly string[] }
  request(args: {
    readonly method: string
    readonly params: JsonArray
    readonly chainId?: string
  }): Promise<unknown>
  disconnect?(): Promise<void>
}

export type SendTransaction = (
  signedTransaction: Uint8Array,
  context: { readonly chain: string },
) => Promise<Uint8Array | string>
