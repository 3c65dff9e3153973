/**
 * One typed round of a run: encodes the device's request with the protocol's payload codec,
 * exchanges it on the run's sub-stream, and decodes the co-signer's reply with the same table.
 * A reply that does not decode is CosignerClientError `BadReply`.
 */
import {
  CosignerFrameError,
  type CosignerReply,
  type CosignerRequest,
  type CosignerRound,
  type CosignerRunName,
  decodeCosignerReply,
  encodeCosignerRequest,
} from '@tessera/protocol/cosigner'
import { CosignerClientError } from './CosignerClientError.ts'
import type { CosignerStream } from './connectCosigner.ts'

export async function exchangeRound<P extends CosignerRunName, R extends CosignerRound<P>>(
  stream: CosignerStream,
  protocol: P,
  round: R,
  request: CosignerRequest<P, R>,
  keyId?: string,
): Promise<CosignerReply<P, R>> {
  if (stream.protocol !== protocol)
    throw new TypeError(`stream runs "${stream.protocol}", not "${protocol}"`)
  const payload = await stream.exchange(
    round,
    encodeCosignerRequest(protocol, round, request),
    keyId,
  )
  try {
    return decodeCosignerReply(protocol, round, payload)
  } catch (cause) {
    if (!(cause instanceof CosignerFrameError)) throw cause
    throw new CosignerClientError('BadReply', cause.shortMessage, { cause })
  }
}
