/**
 * The error of every CIP-37 address rule, with one `reason` per way an address can be wrong.
 * Messages name the rule and the part at fault; they echo only the network prefix and option
 * keys (short, from a fixed character set), never a whole address a user could be misled by.
 */
import { BaseError } from '@tessera/protocol'

export type InvalidAddressReason =
  | 'mixed_case'
  | 'missing_separator'
  | 'bad_prefix'
  | 'reserved_prefix'
  | 'bad_option'
  | 'bad_length'
  | 'bad_character'
  | 'bad_checksum'
  | 'bad_padding'
  | 'bad_version'
  | 'type_mismatch'
  | 'network_mismatch'
  | 'bad_hex_address'

export class InvalidAddressError extends BaseError {
  override name = 'InvalidAddressError'
  readonly reason: InvalidAddressReason

  constructor(reason: InvalidAddressReason, shortMessage: string) {
    super(shortMessage, { docsPath: 'specs/cip-37.md#decoding' })
    this.reason = reason
  }
}
