/**
 * The error of every Core transaction rule (encoding or decoding), naming the field at fault.
 * Messages never echo values: raw transactions come from the network or a peer.
 */
import { BaseError } from '@tessera/protocol'

export type InvalidCoreTransactionReason =
  | 'bad_field'
  | 'bad_rlp'
  | 'bad_shape'
  | 'bad_signature'
  | 'unknown_type'

export class InvalidCoreTransactionError extends BaseError {
  override name = 'InvalidCoreTransactionError'
  readonly reason: InvalidCoreTransactionReason
  readonly field: string | undefined

  constructor(
    reason: InvalidCoreTransactionReason,
    shortMessage: string,
    field?: string,
    cause?: unknown,
  ) {
    super(shortMessage, {
      docsPath: 'CHAINS.md#conflux-core-space-packagesconflux',
      ...(cause === undefined ? {} : { cause }),
    })
    this.reason = reason
    this.field = field
  }
}
