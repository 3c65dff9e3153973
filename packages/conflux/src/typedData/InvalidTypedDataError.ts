/**
 * The error of every CIP-23 typed-data rule, naming the JSON path at fault (`message.from.wallet`)
 * and the rule. Messages never echo values: typed data comes from a dapp and is shown to users.
 */
import { BaseError } from '@tessera/protocol'

export class InvalidTypedDataError extends BaseError {
  override name = 'InvalidTypedDataError'
  /** One code: what is wrong is told by `path` and the message. */
  readonly code = 'InvalidTypedData'
  /** Where the problem is, e.g. `types.Mail[1].type` or `message.to.wallet`. */
  readonly path: string

  constructor(path: string, shortMessage: string, options: { cause?: unknown } = {}) {
    super(`${path}: ${shortMessage}`, {
      docsPath: 'docs/errors.md#invalidtypeddataerror',
      ...options,
    })
    this.path = path
  }
}
