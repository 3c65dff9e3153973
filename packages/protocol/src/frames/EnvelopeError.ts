/**
 * The error of envelope encoding and decoding, with a `code` per way an envelope can be wrong.
 * Messages give lengths and limits, never bytes of the envelope.
 */
import { BaseError } from '../errors/base.ts'

export type EnvelopeErrorCode =
  | 'NotBytes'
  | 'NotString'
  | 'BadBase64'
  | 'TooShort'
  | 'TooLong'
  | 'BadVersion'
  | 'BadNonce'

export class EnvelopeError extends BaseError {
  override name = 'EnvelopeError'
  readonly code: EnvelopeErrorCode

  constructor(code: EnvelopeErrorCode, shortMessage: string) {
    super(shortMessage, { docsPath: 'docs/errors.md#envelopeerror' })
    this.code = code
  }
}
