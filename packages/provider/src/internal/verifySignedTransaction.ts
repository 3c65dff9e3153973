/**
 * `verifySignedTransaction`: the raw transaction the signer returned must be exactly the one the
 * dapp side filled — same type, chain, nonce, gas, fees, recipient, value, data and access list —
 * and recover to the session account that was asked to sign (docs/CHAINS.md#evm: never trust the
 * signer blindly). The first difference is named in a -32603 error. Must never let an unchecked raw
 * transaction reach `eth_sendRawTransaction`.
 */

import { providerError } from '@tessera/protocol'
import {
  type Hex,
  isAddressEqual,
  parseTransaction,
  recoverTransactionAddress,
  type TransactionSerializableEIP1559,
  type TransactionSerializableLegacy,
} from 'viem'
import type { FilledTransaction } from './transaction.ts'

const RAW = /^0x(?:[0-9a-fA-F]{2})+$/

export async function verifySignedTransaction(
  method: string,
  raw: unknown,
  expected: FilledTransaction,
): Promise<Hex> {
  const fail = (sentence: string, cause?: unknown): Error =>
    providerError(-32603, `${method}: the wallet's signed transaction ${sentence}`, { cause })
  if (typeof raw !== 'string' || !RAW.test(raw)) throw fail('is not hex bytes.')
  let parsed: ReturnType<typeof parseTransaction>
  try {
    parsed = parseTransaction(raw as Hex)
  } catch (cause) {
    throw fail('cannot be decoded.', cause)
  }
  const type = parsed.type === 'eip1559' || parsed.type === 'legacy' ? parsed.type : undefined
  if (type !== expected.type) throw fail(`has type ${parsed.type}, not ${expected.type}.`)
  const tx = parsed as TransactionSerializableEIP1559 & TransactionSerializableLegacy
  const differences: [string, unknown, unknown][] = [
    ['chainId', tx.chainId, expected.chainId],
    ['nonce', tx.nonce ?? 0, expected.nonce],
    ['gas', tx.gas ?? 0n, expected.gas],
    ['value', tx.value ?? 0n, expected.value],
    ['data', (tx.data ?? '0x').toLowerCase(), expected.data.toLowerCase()],
    ['to', tx.to?.toLowerCase(), expected.to?.toLowerCase()],
    ['accessList', JSON.stringify(tx.accessList ?? []), JSON.stringify(expected.accessList)],
    ...(type === 'eip1559'
      ? ([
          ['maxFeePerGas', tx.maxFeePerGas ?? 0n, expected.maxFeePerGas],
          ['maxPriorityFeePerGas', tx.maxPriorityFeePerGas ?? 0n, expected.maxPriorityFeePerGas],
        ] as [string, unknown, unknown][])
      : ([['gasPrice', tx.gasPrice ?? 0n, expected.gasPrice]] as [string, unknown, unknown][])),
  ]
  for (const [field, got, want] of differences) {
    if (got !== want) throw fail(`differs from the one requested in ${field}.`)
  }
  if (tx.r === undefined || tx.s === undefined) throw fail('is not signed.')
  let signer: Hex
  try {
    signer = await recoverTransactionAddress({ serializedTransaction: raw as never })
  } catch (cause) {
    throw fail('has a signature that recovers to no address.', cause)
  }
  if (!isAddressEqual(signer, expected.from)) {
    throw fail(`was signed by ${signer}, not by ${expected.from}.`)
  }
  return raw as Hex
}
