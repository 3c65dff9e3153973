/**
 * Test helper: signs a Core transaction with a plain secp256k1 key (noble), the way a signer
 * would, returning the raw signed transaction. Test-only; the real signer signs with MPC.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { bytesToHex, type Hex, hexToBytes } from 'viem'
import { hashCoreTransaction } from '../transaction/hashCoreTransaction.ts'
import { serializeCoreTransaction } from '../transaction/serializeCoreTransaction.ts'
import type { CoreSignature, CoreTransaction } from '../transaction/types.ts'

/** r ‖ s ‖ v (v ∈ {0, 1}) over a 32-byte digest, Conflux's signature layout. */
export function signDigest(digest: Hex, secret: Uint8Array): Hex {
  const sig = secp256k1.sign(hexToBytes(digest), secret, { prehash: false, format: 'recovered' })
  return bytesToHex(Uint8Array.of(...sig.subarray(1), sig[0] as number))
}

export function coreSignature(digest: Hex, secret: Uint8Array): CoreSignature {
  const rsv = signDigest(digest, secret)
  return {
    r: `0x${rsv.slice(2, 66)}`,
    s: `0x${rsv.slice(66, 130)}`,
    yParity: rsv.endsWith('00') ? 0 : 1,
  }
}

export function signCoreTransaction(transaction: CoreTransaction, secret: Uint8Array): Hex {
  return serializeCoreTransaction(
    transaction,
    coreSignature(hashCoreTransaction(transaction), secret),
  )
}
