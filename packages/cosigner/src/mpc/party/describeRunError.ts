/**
 * The error a failed run reports to the signer: an @tessera/mpc failure keeps its kind and
 * culprit as fields, a round payload that does not decode is named by protocol, round and field.
 */
import { MpcError } from '@tessera/mpc'
import { CosignerFrameError } from '@tessera/protocol/cosigner'
import { CosignerError } from '../../errors.ts'

export function describeRunError(error: unknown): Error {
  if (error instanceof MpcError)
    return new CosignerError('ProtocolFailed', error.message, {
      cause: error,
      kind: error.code,
      ...(error.culprit === undefined ? {} : { culprit: error.culprit }),
    })
  if (error instanceof CosignerFrameError)
    return new CosignerError('BadRequest', error.shortMessage, { cause: error })
  return error instanceof Error ? error : new Error(String(error))
}
