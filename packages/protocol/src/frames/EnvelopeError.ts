/**
 * The error of envelope encoding and decoding, with a `reason` per way an envelope can be wrong.
 * Messages give lengths and limits, never bytes of the envelope.
 */
import { BaseError } from '../errors/base.ts'

export type EnvelopeErrorReason =
  | 'not_bytes'
  | 'not_string'
  | 'bad_base64'
  | 'too_short'
  | 'too_long'
  | 'bad_version'
  | 'bad_nonce'

export class EnvelopeError extends BaseError {
  override name = 'EnvelopeError'
  readonly reason: EnvelopeErrorReason

  constructor(reason: EnvelopeErrorReason, shortMessage: string) {
    super(shortMessage, { docsPath: 'SESSION.md#transport-envelope' })
    this.reason = reason
  }
}
