/**
 * docs/THRESHOLD.md#attacks-the-tests-must-cover 10 / issue: signatures verify independently. One
 * DKG'd 2-of-3 key (with the pairwise OT setup run inside the DKG) signs random EIP-191 messages
 * and EIP-1559 transactions on random non-hardened BIP32 paths with every 2-of-3 subset; viem's
 * recoverMessageAddress / recoverTransactionAddress must return the child key's address.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import * as fc from 'fast-check'
import {
  bytesToHex,
  type Hex,
  hashMessage,
  hexToBytes,
  keccak256,
  recoverMessageAddress,
  recoverTransactionAddress,
  serializeTransaction,
  type TransactionSerializableEIP1559,
} from 'viem'
import { publicKeyToAddress } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { deriveSecp256k1 } from '../derive/bip32.ts'
import type { KeyShare } from '../dkg/keyShare.ts'
import { runDkg } from '../test/dkgHarness.ts'
import { ethereumSignature } from './ethereumSignature.ts'
import { sign } from './testing/harness.ts'

const SUBSETS = [
  [1, 2],
  [1, 3],
  [2, 3],
] as const
/**
 * Signatures per run (half messages, half transactions). 60 covers every subset many times over on
 * random paths; a deeper run sets VIEM_RUNS (e.g. 2,000) instead of making every CI run pay for it.
 */
const RUNS = Number(process.env.VIEM_RUNS ?? 60)

const { shares, pairs } = runDkg({ curve: 'secp256k1', t: 2, n: 3, pairSetup: true })
const key = [1, 2, 3].map((i) => shares.get(i) as KeyShare)
const state = key[0] as KeyShare

async function thresholdSign(signers: readonly number[], path: number[], hash: Hex) {
  const child = deriveSecp256k1(state, path)
  const sigs = await sign({
    shares: key,
    signers,
    pairs,
    messageHash: hexToBytes(hash),
    derivation: { delta: child.delta, path },
  })
  const [first, ...rest] = [...sigs.values()]
  if (first === undefined) throw new Error('no signature')
  for (const other of rest) expect(other.compact).toEqual(first.compact)
  return {
    sig: first,
    address: publicKeyToAddress(
      bytesToHex(secp256k1.Point.fromBytes(child.publicKey).toBytes(false)),
    ),
  }
}

const path = fc.array(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { maxLength: 3 })
const subset = fc.constantFrom(...SUBSETS)
const tx = fc.record({
  chainId: fc.integer({ min: 1, max: 2 ** 32 }),
  nonce: fc.integer({ min: 0, max: 2 ** 32 }),
  maxPriorityFeePerGas: fc.bigInt({ min: 0n, max: 10n ** 12n }),
  /** Added to the tip: viem refuses a tip above the fee cap. */
  feeAboveTip: fc.bigInt({ min: 0n, max: 10n ** 13n }),
  gas: fc.bigInt({ min: 21000n, max: 10n ** 7n }),
  to: fc.uint8Array({ minLength: 20, maxLength: 20 }),
  value: fc.bigInt({ min: 0n, max: 10n ** 24n }),
  data: fc.uint8Array({ maxLength: 64 }),
})

describe('DKG’d 2-of-3 key: viem recovers the signer from every subset, path and payload', () => {
  test(`${RUNS / 2} EIP-191 messages → recoverMessageAddress`, async () => {
    await fc.assert(
      fc.asyncProperty(subset, path, fc.string({ maxLength: 80 }), async (signers, p, text) => {
        const { sig, address } = await thresholdSign(signers, p, hashMessage(text))
        const signature = bytesToHex(ethereumSignature(sig))
        expect(await recoverMessageAddress({ message: text, signature })).toBe(address)
      }),
      { numRuns: RUNS / 2 },
    )
  }, 60_000)

  test(`${RUNS / 2} EIP-1559 transactions → recoverTransactionAddress`, async () => {
    await fc.assert(
      fc.asyncProperty(subset, path, tx, async (signers, p, t) => {
        const unsigned: TransactionSerializableEIP1559 = {
          type: 'eip1559',
          chainId: t.chainId,
          nonce: t.nonce,
          maxPriorityFeePerGas: t.maxPriorityFeePerGas,
          maxFeePerGas: t.maxPriorityFeePerGas + t.feeAboveTip,
          gas: t.gas,
          value: t.value,
          to: bytesToHex(t.to),
          data: bytesToHex(t.data),
        }
        const { sig, address } = await thresholdSign(
          signers,
          p,
          keccak256(serializeTransaction(unsigned)),
        )
        const serialized = serializeTransaction(unsigned, {
          r: bytesToHex(sig.r),
          s: bytesToHex(sig.s),
          yParity: sig.recovery % 2,
        })
        expect(await recoverTransactionAddress({ serializedTransaction: serialized })).toBe(address)
      }),
      { numRuns: RUNS / 2 },
    )
  }, 60_000)
})
