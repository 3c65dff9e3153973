/**
 * The shapes shared by the EVM and Conflux Core call decoders: a call to describe (target, value,
 * calldata, the chain's address form) and what a call decoder returns before the transaction's own
 * fields (chain, fee, nonce) are added.
 */
import type { Field, Warning } from '../types.ts'

export type Call = {
  /** CAIP-2 of the chain the call runs on (lookups and address values use it). */
  readonly chainId: string
  /** 'evm' or 'cfx': the prefix of every kind. */
  readonly family: 'evm' | 'cfx'
  /** The target as 0x hex, undefined for contract creation. */
  readonly to: `0x${string}` | undefined
  readonly value: bigint
  /** The sender, when the request names it (ERC-7730 `@.from`). */
  readonly from?: string
  readonly data: `0x${string}`
  /** The chain's display form of a 0x address. */
  readonly address: (hex: string) => string
}

export type CallDescription = {
  readonly kind: string
  readonly intent: string
  readonly fields: readonly Field[]
  readonly warnings: readonly Warning[]
  readonly blind: boolean
}
