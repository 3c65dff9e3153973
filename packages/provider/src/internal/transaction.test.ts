/**
 * `readTransactionInput` and `toRpcTransaction`: what a dapp passes to `eth_sendTransaction` is
 * validated field by field with exact -32602 sentences, fee fields pick the type, and the RPC
 * form sent to the signer carries hex quantities, the type and the chain id.
 */

import { providerError } from '@tessera/protocol'
import { type Address, InvalidParamsRpcError } from 'viem'
import { describe, expect, test } from 'vitest'
import type { ProviderContext } from './context.ts'
import { readTransactionInput, toRpcTransaction } from './transaction.ts'

const from: Address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const context = {
  chainId: () => 31337,
  account(method: string, address: unknown) {
    if (typeof address === 'string' && address.toLowerCase() === from.toLowerCase()) return from
    throw providerError(4100, `${method}: not an account`)
  },
} as unknown as ProviderContext

const read = (tx: Record<string, unknown>) =>
  readTransactionInput(context, 'eth_sendTransaction', [{ from, ...tx }])

describe('readTransactionInput', () => {
  test('reads every supported field', () => {
    expect(
      read({
        to: '0x000000000000000000000000000000000000beef',
        value: '0x10',
        input: '0xab',
        gas: '0x5208',
        nonce: '0x3',
        maxFeePerGas: '0x64',
        maxPriorityFeePerGas: '0x1',
        chainId: '0x7a69',
      }),
    ).toEqual({
      from,
      to: '0x000000000000000000000000000000000000bEEF',
      type: 'eip1559',
      value: 16n,
      data: '0xab',
      chainId: 31337,
      nonce: 3,
      gas: 21000n,
      maxFeePerGas: 100n,
      maxPriorityFeePerGas: 1n,
    })
    expect(read({ gasPrice: '0x1' }).type).toBe('legacy')
    expect(read({}).type).toBeUndefined()
  })

  test.each([
    [{ nonce: '0x' }, 'nonce must be a hex quantity such as "0x1", got "0x".'],
    [{ gas: 5 }, 'gas must be a hex quantity such as "0x1", got 5.'],
    [{ to: 'bob' }, 'to must be a 0x-prefixed 20-byte address, got "bob".'],
    [{ data: '0xabc' }, 'data must be 0x-prefixed hex bytes, got "0xabc".'],
    [{ data: '0xab', input: '0xcd' }, 'data and input differ; pass one of them.'],
    [{ type: '0x1' }, 'type must be "0x0" or "0x2", got "0x1".'],
    [{ gasPrice: '0x1', maxFeePerGas: '0x2' }, 'gasPrice cannot be combined with EIP-1559 fees.'],
    [
      { type: '0x0', maxPriorityFeePerGas: '0x2' },
      'a legacy (type 0x0) transaction has gasPrice, not EIP-1559 fees.',
    ],
    [
      { maxFeePerGas: '0x1', maxPriorityFeePerGas: '0x2' },
      'maxPriorityFeePerGas cannot exceed maxFeePerGas.',
    ],
    [{ blobs: [] }, 'the field "blobs" is not supported by this wallet.'],
    [{ accessList: {} }, 'accessList must be an array of { address, storageKeys }.'],
  ])('%o is refused', (tx, sentence) => {
    let error: unknown
    try {
      read(tx)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(InvalidParamsRpcError)
    expect(error).toMatchObject({ code: -32602, details: `eth_sendTransaction: ${sentence}` })
  })

  test('the RPC form for the signer', () => {
    expect(
      toRpcTransaction({
        type: 'eip1559',
        chainId: 31337,
        from,
        to: undefined,
        value: 0n,
        data: '0x60',
        nonce: 0,
        gas: 53_000n,
        maxFeePerGas: 10n,
        maxPriorityFeePerGas: 1n,
        accessList: [],
      }),
    ).toEqual({
      type: '0x2',
      chainId: '0x7a69',
      from,
      value: '0x0',
      data: '0x60',
      nonce: '0x0',
      gas: '0xcf08',
      maxFeePerGas: '0xa',
      maxPriorityFeePerGas: '0x1',
    })
  })
})
