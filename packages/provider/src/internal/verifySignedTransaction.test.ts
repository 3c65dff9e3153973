/**
 * `verifySignedTransaction` accepts exactly the filled transaction signed by `from`, and names
 * the first difference otherwise: each field tampered with, another signer, another type,
 * garbage. Signatures come from plain viem local accounts.
 */
import { InternalRpcError, type TransactionSerializableEIP1559 } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import type { FilledTransaction } from './transaction.ts'
import { verifySignedTransaction } from './verifySignedTransaction.ts'

const owner = privateKeyToAccount(generatePrivateKey())
const other = privateKeyToAccount(generatePrivateKey())

const filled: FilledTransaction = {
  type: 'eip1559',
  chainId: 31337,
  from: owner.address,
  to: '0x000000000000000000000000000000000000bEEF',
  value: 10n,
  data: '0xabcd',
  nonce: 7,
  gas: 30_000n,
  maxFeePerGas: 2_000_000_000n,
  maxPriorityFeePerGas: 1_000_000n,
  accessList: [],
}

const asSerializable = (tx: FilledTransaction): TransactionSerializableEIP1559 => ({
  type: 'eip1559',
  chainId: tx.chainId,
  to: tx.to ?? null,
  value: tx.value,
  data: tx.data,
  nonce: tx.nonce,
  gas: tx.gas,
  maxFeePerGas: tx.maxFeePerGas ?? 0n,
  maxPriorityFeePerGas: tx.maxPriorityFeePerGas ?? 0n,
})

const failure = async (raw: unknown): Promise<unknown> =>
  verifySignedTransaction('eth_sendTransaction', raw, filled).then(
    () => new Error('expected a refusal'),
    (e: unknown) => e,
  )

describe('verifySignedTransaction', () => {
  test('accepts the filled transaction signed by from', async () => {
    const raw = await owner.signTransaction(asSerializable(filled))
    expect(await verifySignedTransaction('eth_sendTransaction', raw, filled)).toBe(raw)
  })

  test.each([
    ['chainId', { chainId: 1 }],
    ['nonce', { nonce: 8 }],
    ['gas', { gas: 30_001n }],
    ['value', { value: 11n }],
    ['data', { data: '0xabce' }],
    ['to', { to: '0x000000000000000000000000000000000000dEaD' }],
    ['maxFeePerGas', { maxFeePerGas: 2_000_000_001n }],
    ['maxPriorityFeePerGas', { maxPriorityFeePerGas: 1n }],
  ] as const)('refuses a transaction whose %s differs', async (field, change) => {
    const raw = await owner.signTransaction({ ...asSerializable(filled), ...change })
    const error = await failure(raw)
    expect(error).toBeInstanceOf(InternalRpcError)
    expect(error).toMatchObject({
      code: -32603,
      details: `eth_sendTransaction: the wallet's signed transaction differs from the one requested in ${field}.`,
    })
  })

  test('refuses the right transaction signed by another key', async () => {
    const raw = await other.signTransaction(asSerializable(filled))
    expect(await failure(raw)).toMatchObject({
      code: -32603,
      details: `eth_sendTransaction: the wallet's signed transaction was signed by ${other.address}, not by ${owner.address}.`,
    })
  })

  test('refuses another type, garbage and non-hex', async () => {
    const legacy = await owner.signTransaction({
      type: 'legacy',
      chainId: 31337,
      to: filled.to ?? null,
      value: 10n,
      nonce: 7,
      gas: 30_000n,
      gasPrice: 1n,
    })
    expect(await failure(legacy)).toMatchObject({
      details: "eth_sendTransaction: the wallet's signed transaction has type legacy, not eip1559.",
    })
    expect(await failure('0x02c0ffee')).toMatchObject({
      details: "eth_sendTransaction: the wallet's signed transaction cannot be decoded.",
    })
    expect(await failure({ raw: '0x' })).toMatchObject({
      details: "eth_sendTransaction: the wallet's signed transaction is not hex bytes.",
    })
  })
})
