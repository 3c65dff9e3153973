/**
 * The error of every session-message validator: what was wrong (`code`), and where (`path`, a
 * JSONPath such as `$.params[0]` or `$.error.code`). Messages name the rule that failed and never
 * echo values from the message: they come from the peer and may end up in logs or on screen.
 */
import { BaseError } from '../errors/base.ts'

export type MessageValidationErrorCode =
  | 'TooLarge'
  | 'BadJson'
  | 'TooDeep'
  | 'NotJsonValue'
  | 'ForbiddenKey'
  | 'NotObject'
  | 'UnknownField'
  | 'MissingField'
  | 'BadShape'
  | 'BadJsonrpc'
  | 'BadId'
  | 'BadMethod'
  | 'BadParams'
  | 'BadChainId'
  | 'BadTimeout'
  | 'BadError'

export class MessageValidationError extends BaseError {
  override name = 'MessageValidationError'
  readonly code: MessageValidationErrorCode
  readonly path: string

  constructor(code: MessageValidationErrorCode, path: string, shortMessage: string) {
    super(`${path}: ${shortMessage}`, { docsPath: 'docs/errors.md#messagevalidationerror' })
    this.code = code
    this.path = path
  }
}
