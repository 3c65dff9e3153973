/**
 * `describeOrRefuse`: runs the clear-signing decoder on a checked request. A decoder that cannot
 * read the parameters refuses the request with -32602 before it reaches the inbox. A transaction
 * the wallet filled itself is described as filled, so the user sees the filled fee before
 * approving.
 */
import { providerError, RPC_ERROR_CODES } from '@tessera/protocol'
import type { PreparedRequest } from './signRequest.ts'
import type { Describe, Description, Locale } from './types.ts'

export function describeOrRefuse(
  describe: Describe,
  prepared: PreparedRequest,
  origin: string,
  locale?: Locale,
): Description {
  try {
    return describe({
      method: prepared.method,
      params: prepared.describeParams,
      chainId: prepared.chainId,
      origin,
      ...(locale === undefined ? {} : { locale }),
    })
  } catch (cause) {
    const reason = (cause as { shortMessage?: unknown })?.shortMessage
    throw providerError(
      RPC_ERROR_CODES.invalidParams,
      typeof reason === 'string' ? reason : 'The request could not be decoded.',
      { cause },
    )
  }
}
