/**
 * `fillTransaction`: completes what the dapp asked for from the dapp's own RPC (docs/CHAINS.md):
 * nonce (`eth_getTransactionCount`, pending), gas (`eth_estimateGas`), fees (viem's
 * `estimateFeesPerGas`: EIP-1559 where the chain has a base fee, `gasPrice` otherwise) and the
 * current chain id. Values the dapp gave are kept as given. Must never ask the signer anything.
 */

import { toProviderError } from '@tessera/protocol'
import { type Client, hexToBigInt, numberToHex } from 'viem'
import { estimateFeesPerGas, getGasPrice } from 'viem/actions'
import type { FilledTransaction, TransactionInput } from './transaction.ts'

export async function fillTransaction(
  client: Client,
  chainId: number,
  input: TransactionInput,
): Promise<FilledTransaction> {
  const data = input.data ?? '0x'
  const value = input.value ?? 0n
  try {
    const nonce =
      input.nonce ??
      Number(
        await client.request({
          method: 'eth_getTransactionCount',
          params: [input.from, 'pending'],
        }),
      )
    const fees = await fillFees(client, input)
    const gas =
      input.gas ??
      hexToBigInt(
        await client.request({
          method: 'eth_estimateGas',
          params: [
            {
              from: input.from,
              ...(input.to === undefined ? {} : { to: input.to }),
              value: numberToHex(value),
              data,
            },
          ],
        }),
      )
    return {
      chainId,
      from: input.from,
      to: input.to,
      value,
      data,
      nonce,
      gas,
      accessList: input.accessList ?? [],
      ...fees,
    }
  } catch (error) {
    throw toProviderError(error, 'Filling the transaction from the RPC')
  }
}

async function fillFees(
  client: Client,
  input: TransactionInput,
): Promise<Pick<FilledTransaction, 'type' | 'gasPrice' | 'maxFeePerGas' | 'maxPriorityFeePerGas'>> {
  if (input.type === 'legacy') {
    return { type: 'legacy', gasPrice: input.gasPrice ?? (await getGasPrice(client)) }
  }
  if (input.maxFeePerGas !== undefined && input.maxPriorityFeePerGas !== undefined) {
    return {
      type: 'eip1559',
      maxFeePerGas: input.maxFeePerGas,
      maxPriorityFeePerGas: input.maxPriorityFeePerGas,
    }
  }
  let estimate: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }
  try {
    estimate = await estimateFeesPerGas(client, { chain: client.chain, type: 'eip1559' })
  } catch (error) {
    // No base fee on this chain: a legacy transaction, unless the dapp insisted on EIP-1559.
    if ((error as { name?: unknown }).name !== 'Eip1559FeesNotSupportedError') throw error
    if (input.type === 'eip1559' || input.maxFeePerGas !== undefined) throw error
    return { type: 'legacy', gasPrice: await getGasPrice(client) }
  }
  const maxPriorityFeePerGas = input.maxPriorityFeePerGas ?? estimate.maxPriorityFeePerGas
  let maxFeePerGas = input.maxFeePerGas ?? estimate.maxFeePerGas
  // A tip the dapp set above the estimated cap raises the cap: the tip is what it asked for.
  if (input.maxFeePerGas === undefined && maxFeePerGas < maxPriorityFeePerGas) {
    maxFeePerGas = maxPriorityFeePerGas
  }
  return { type: 'eip1559', maxFeePerGas, maxPriorityFeePerGas }
}
