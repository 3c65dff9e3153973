/**
 * `eth_sendTransaction` `[transaction]` (docs/CHAINS.md): the dapp side fills nonce, gas, EIP-1559
 * fees and chainId from its RPC, the signer signs (`eth_signTransaction` over the session), the
 * raw transaction is checked against what was filled and the session account, then broadcast
 * with `eth_sendRawTransaction`; the node's hash must be the transaction's own hash.
 */

import { providerError, toProviderError } from '@tessera/protocol'
import { type Hex, keccak256 } from 'viem'
import type { ProviderContext } from '../internal/context.ts'
import { signFilledTransaction } from './signTransaction.ts'

export async function sendTransaction(context: ProviderContext, params: unknown): Promise<Hex> {
  const method = 'eth_sendTransaction'
  const chainId = context.chainId()
  const raw = await signFilledTransaction(context, method, params)
  let hash: unknown
  try {
    hash = await context
      .client(chainId)
      .request({ method: 'eth_sendRawTransaction', params: [raw] })
  } catch (error) {
    throw toProviderError(error, 'Broadcasting the transaction')
  }
  const expected = keccak256(raw)
  if (typeof hash !== 'string' || hash.toLowerCase() !== expected) {
    throw providerError(
      -32603,
      `${method}: the node answered with a hash that is not the transaction's (${expected}).`,
    )
  }
  return expected
}
