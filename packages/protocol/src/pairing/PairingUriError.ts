/**
 * The error of every pairing-URI rule, with a `reason` per way a URI can be malformed and the
 * parameter at fault when there is one. Messages name the rule and never echo values from the
 * URI: a URI comes from a QR code anyone can print, and the signer shows these messages.
 */
import { BaseError } from '../errors/base.ts'

export type PairingUriErrorReason =
  | 'not_string'
  | 'too_long'
  | 'bad_character'
  | 'bad_scheme'
  | 'bad_version'
  | 'unsupported_version'
  | 'bad_topic'
  | 'bad_query'
  | 'missing_parameter'
  | 'duplicate_parameter'
  | 'bad_parameter_encoding'
  | 'bad_relay'
  | 'bad_key'
  | 'bad_exp'
  | 'expired'
  | 'exp_too_far'
  | 'bad_name'
  | 'bad_origin'
  | 'bad_universal_link'

export type PairingParameter = 'relay' | 'key' | 'exp' | 'name' | 'origin'

export class PairingUriError extends BaseError {
  override name = 'PairingUriError'
  readonly reason: PairingUriErrorReason
  readonly parameter: PairingParameter | undefined

  constructor(reason: PairingUriErrorReason, shortMessage: string, parameter?: PairingParameter) {
    super(shortMessage, { docsPath: 'SESSION.md#pairing-uri' })
    this.reason = reason
    this.parameter = parameter
  }
}
