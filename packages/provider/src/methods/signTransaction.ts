/**
 * `eth_signTransaction` `[transaction]`: validated, filled from the dapp's RPC for the current
 * chain, signed by the signer over the session, and checked to be exactly the filled transaction
 * signed by `from`. Returns the raw signed transaction; broadcasting is the caller's business
 * (`eth_sendTransaction` does both). Must never return an unchecked transaction.
 */
import type { Hex } from 'viem'
import type { ProviderContext } from '../internal/context.ts'
import { fillTransaction } from '../internal/fillTransaction.ts'
import { readTransactionInput, toRpcTransaction } from '../internal/transaction.ts'
import { verifySignedTransaction } from '../internal/verifySignedTransaction.ts'

export async function signTransaction(context: ProviderContext, params: unknown): Promise<Hex> {
  return signFilledTransaction(context, 'eth_signTransaction', params)
}

/** Shared by `eth_signTransaction` and `eth_sendTransaction` (which names itself in errors). */
export async function signFilledTransaction(
  context: ProviderContext,
  method: string,
  params: unknown,
): Promise<Hex> {
  const input = readTransactionInput(context, method, params)
  const chainId = context.chainId()
  const filled = await fillTransaction(context.client(chainId), chainId, input)
  const raw = await context.signer('eth_signTransaction', [toRpcTransaction(filled)])
  return verifySignedTransaction(method, raw, filled)
}
