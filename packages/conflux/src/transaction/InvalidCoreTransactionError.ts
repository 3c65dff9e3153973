/**
 * The error of every Core transaction rule (encoding or decoding), with a `code` per kind of
 * rule and the field at fault.
 * Messages never echo values: raw transactions come from the network or a peer.
 */
import { BaseError } from '@tessera/protocol'

export type InvalidCoreTransactionErrorCode =
  | 'BadField'
  | 'BadRlp'
  | 'BadShape'
  | 'BadSignature'
  | 'UnknownType'

export class InvalidCoreTransactionError extends BaseError {
  override name = 'InvalidCoreTransactionError'
  readonly code: InvalidCoreTransactionErrorCode
  readonly field: string | undefined

  constructor(
    code: InvalidCoreTransactionErrorCode,
    shortMessage: string,
    field?: string,
    cause?: unknown,
  ) {
    super(shortMessage, {
      docsPath: 'docs/errors.md#invalidcoretransactionerror',
      ...(cause === undefined ? {} : { cause }),
    })
    this.code = code
    this.field = field
  }
}
