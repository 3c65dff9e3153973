/**
 * The error of every pairing-URI rule, with a `code` per way a URI can be malformed and the
 * parameter at fault when there is one. Messages name the rule and never echo values from the
 * URI: a URI comes from a QR code anyone can print, and the signer shows these messages.
 */
import { BaseError } from '../errors/base.ts'

export type PairingUriErrorCode =
  | 'NotString'
  | 'TooLong'
  | 'BadCharacter'
  | 'BadScheme'
  | 'BadVersion'
  | 'UnsupportedVersion'
  | 'BadTopic'
  | 'BadQuery'
  | 'MissingParameter'
  | 'DuplicateParameter'
  | 'BadParameterEncoding'
  | 'BadRelay'
  | 'BadKey'
  | 'BadExp'
  | 'Expired'
  | 'ExpTooFar'
  | 'BadName'
  | 'BadOrigin'
  | 'BadUniversalLink'

export type PairingParameter = 'relay' | 'key' | 'exp' | 'name' | 'origin'

export class PairingUriError extends BaseError {
  override name = 'PairingUriError'
  readonly code: PairingUriErrorCode
  readonly parameter: PairingParameter | undefined

  constructor(code: PairingUriErrorCode, shortMessage: string, parameter?: PairingParameter) {
    super(shortMessage, { docsPath: 'docs/errors.md#pairingurierror' })
    this.code = code
    this.parameter = parameter
  }
}
