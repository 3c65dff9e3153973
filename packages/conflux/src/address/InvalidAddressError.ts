/**
 * The error of every CIP-37 address rule, with one `code` per way an address can be wrong.
 * Messages name the rule and the part at fault; they echo only the network prefix and option
 * keys (short, from a fixed character set), never a whole address a user could be misled by.
 */
import { BaseError } from '@tessera/protocol'

export type InvalidAddressErrorCode =
  | 'MixedCase'
  | 'MissingSeparator'
  | 'BadPrefix'
  | 'ReservedPrefix'
  | 'BadOption'
  | 'BadLength'
  | 'BadCharacter'
  | 'BadChecksum'
  | 'BadPadding'
  | 'BadVersion'
  | 'TypeMismatch'
  | 'NetworkMismatch'
  | 'BadHexAddress'

export class InvalidAddressError extends BaseError {
  override name = 'InvalidAddressError'
  readonly code: InvalidAddressErrorCode

  constructor(code: InvalidAddressErrorCode, shortMessage: string) {
    super(shortMessage, { docsPath: 'docs/errors.md#invalidaddresserror' })
    this.code = code
  }
}
