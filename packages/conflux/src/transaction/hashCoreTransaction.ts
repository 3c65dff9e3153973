/**
 * The signing hash of a Core transaction: keccak256 of its unsigned encoding (type prefix ‖
 * rlp([fields…]), docs/CHAINS.md). Not the transaction hash a node reports, which is keccak256 of
 * the signed encoding. Must never hash a transaction it has not validated.
 */
import { type Hex, keccak256 } from 'viem'
import { serializeCoreTransaction } from './serializeCoreTransaction.ts'
import type { CoreTransaction } from './types.ts'

export function hashCoreTransaction(transaction: CoreTransaction): Hex {
  return keccak256(serializeCoreTransaction(transaction))
}
