/**
 * The error of the `/v1/mpc` wire codecs: `code` is the error-frame code the co-signer answers
 * with (`Malformed`, `TooLarge`, `OutOfOrder`, `DuplicateChunk`, `TooManyStreams`), the message
 * says exactly what is wrong (field, offset, length, limit) and never quotes payload bytes.
 */
import { BaseError } from '../errors/base.ts'
import type { CosignerErrorCode } from './rules.ts'

export class CosignerFrameError extends BaseError {
  override name = 'CosignerFrameError'
  readonly code: CosignerErrorCode

  constructor(code: CosignerErrorCode, shortMessage: string) {
    super(shortMessage, { docsPath: 'SESSION.md#signer--co-signer' })
    this.code = code
  }
}
