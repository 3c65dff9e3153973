/**
 * `describeOrRefuse`: runs the clear-signing decoder on a checked request. A decoder that cannot
 * read the parameters refuses the request with -32602 before it reaches the inbox. For a
 * transaction the wallet filled itself, the fee cap is put first among the fields, so the user
 * sees the filled fee before approving.
 */
import { providerError, RPC_ERROR_CODES } from '@tessera/protocol'
import { formatEther } from 'viem'
import type { PreparedRequest } from './signRequest.ts'
import type { Describe, Description } from './types.ts'

export function describeOrRefuse(
  describe: Describe,
  prepared: PreparedRequest,
  origin: string,
): Description {
  let description: Description
  try {
    description = describe({
      method: prepared.method,
      params: prepared.describeParams,
      chainId: prepared.chainId,
      origin,
    })
  } catch (cause) {
    throw providerError(RPC_ERROR_CODES.invalidParams, 'The request could not be decoded.', {
      cause,
    })
  }
  if (prepared.maxFeeWei === undefined) return description
  const fee = {
    label: 'Network fee (max, filled by the wallet)',
    value: {
      kind: 'amount' as const,
      raw: prepared.maxFeeWei.toString(),
      decimals: 18,
      symbol: 'ETH',
      formatted: `${formatEther(prepared.maxFeeWei)} ETH`,
    },
  }
  return { ...description, fields: [fee, ...description.fields] }
}
