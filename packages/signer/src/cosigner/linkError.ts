/**
 * Maps whatever a co-signer client call threw onto the signer's error family: a
 * CosignerClientError keeps its code, retryability and status (and its message, which never
 * carries tokens or payloads); a CosignerLinkError passes through; anything else is a
 * `BadReply` with the original as cause.
 */
import { CosignerClientError } from '@tessera/cosigner-client'
import { CosignerLinkError } from '../errors.ts'

export function toLinkError(error: unknown): CosignerLinkError {
  if (error instanceof CosignerLinkError) return error
  if (error instanceof CosignerClientError)
    return new CosignerLinkError(error.code, error.shortMessage, {
      retryable: error.retryable,
      ...(error.status === undefined ? {} : { status: error.status }),
      cause: error,
    })
  const message = error instanceof Error ? error.message : 'unknown failure'
  return new CosignerLinkError('BadReply', `co-signer link: ${message}`, { cause: error })
}
