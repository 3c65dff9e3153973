/**
 * Core transaction encoding (docs/CHAINS.md): unsigned = type prefix ‖ rlp([fields…]) — what is
 * hashed for signing — and signed = type prefix ‖ rlp([[fields…], v, r, s]) with v ∈ {0, 1} and no
 * EIP-155 (the chain id is a field). Legacy has no prefix; CIP-2930 is "cfx" ‖ 0x01, CIP-1559
 * "cfx" ‖ 0x02. Integers are minimal big-endian, zero the empty string. RLP is viem's `toRlp`.
 * Must never serialize a transaction or signature it has not validated.
 */
import { bytesToHex } from '@noble/hashes/utils.js'
import { type Hex, toRlp } from 'viem'
import { CIP1559_PREFIX, CIP2930_PREFIX } from './constants.ts'
import { signatureFields, transactionFields } from './fields.ts'
import type { CoreSignature, CoreTransaction } from './types.ts'

export function serializeCoreTransaction(
  transaction: CoreTransaction,
  signature?: CoreSignature,
): Hex {
  const fields = transactionFields(transaction)
  const body = signature === undefined ? fields : [fields, ...signatureFields(signature)]
  // viem's RecursiveArray type is mutable; our lists are read-only views of fresh arrays.
  const rlp = toRlp(body as Hex[])
  const prefix =
    transaction.type === 'cip1559'
      ? CIP1559_PREFIX
      : transaction.type === 'cip2930'
        ? CIP2930_PREFIX
        : undefined
  if (prefix === undefined) return rlp
  return `0x${bytesToHex(prefix)}${rlp.slice(2)}` as Hex
}
