/**
 * The Core (hex) address that signed a raw transaction: secp256k1 public-key recovery over the
 * signing hash (keccak256 of the unsigned encoding), then the docs/CHAINS.md user-address rule.
 * Must never return an address for an unsigned or invalid transaction: it throws instead.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import type { Hex } from 'viem'
import { hexToBytes } from 'viem'
import { userAddressFromPublicKey } from '../address/userAddressFromPublicKey.ts'
import { hashCoreTransaction } from './hashCoreTransaction.ts'
import { InvalidCoreTransactionError } from './InvalidCoreTransactionError.ts'
import { parseCoreTransaction } from './parseCoreTransaction.ts'

export function recoverCoreTransactionSender(raw: Hex | Uint8Array): Hex {
  const { transaction, signature } = parseCoreTransaction(raw)
  if (signature === undefined) {
    throw new InvalidCoreTransactionError('BadSignature', 'Raw transaction is not signed.')
  }
  const hash = hexToBytes(hashCoreTransaction(transaction))
  const recovered = Uint8Array.of(
    signature.yParity,
    ...hexToBytes(signature.r),
    ...hexToBytes(signature.s),
  )
  let publicKey: Uint8Array
  try {
    publicKey = secp256k1.recoverPublicKey(recovered, hash, { prehash: false })
  } catch (cause) {
    throw new InvalidCoreTransactionError(
      'BadSignature',
      'No public key recovers from this signature.',
      undefined,
      cause,
    )
  }
  return userAddressFromPublicKey(publicKey)
}
