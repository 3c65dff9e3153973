/**
 * Conflux Core transaction shapes (docs/CHAINS.md#core-transactions): legacy (9 fields),
 * CIP-2930 (`"cfx" ‖ 0x01`, 10 fields) and CIP-1559 (`"cfx" ‖ 0x02`, 11 fields). Quantities are
 * bigint, the chain id a number (a u32 in conflux-rust). Must never hold behaviour.
 */
import type { Hex } from 'viem'

export type CoreTransactionType = 'legacy' | 'cip2930' | 'cip1559'

/** Access-list entry; `address` hex or base32 on input, lower-case hex when parsed. */
export type CoreAccessListEntry = { address: string; storageKeys: readonly Hex[] }
export type CoreAccessList = readonly CoreAccessListEntry[]

type CoreTransactionCommon = {
  nonce: bigint
  gas: bigint
  /** Recipient, hex or CIP-37 base32; `null` creates a contract. Parsed: lower-case hex. */
  to: string | null
  value: bigint
  /** Storage collateral limit in bytes (u64 in conflux-rust). */
  storageLimit: bigint
  /** The epoch the transaction is valid from (u64); nodes refuse it far from the current one. */
  epochHeight: bigint
  chainId: number
  data: Hex
}

export type CoreLegacyTransaction = CoreTransactionCommon & { type: 'legacy'; gasPrice: bigint }

export type Core2930Transaction = CoreTransactionCommon & {
  type: 'cip2930'
  gasPrice: bigint
  accessList: CoreAccessList
}

export type Core1559Transaction = CoreTransactionCommon & {
  type: 'cip1559'
  maxPriorityFeePerGas: bigint
  maxFeePerGas: bigint
  accessList: CoreAccessList
}

export type CoreTransaction = CoreLegacyTransaction | Core2930Transaction | Core1559Transaction

/** secp256k1 signature as Conflux stores it: r, s (32 bytes each) and v ∈ {0, 1}. */
export type CoreSignature = { r: Hex; s: Hex; yParity: 0 | 1 }

export type ParsedCoreTransaction = {
  transaction: CoreTransaction
  /** Absent for the unsigned encoding (what `hashCoreTransaction` hashes). */
  signature?: CoreSignature
}
