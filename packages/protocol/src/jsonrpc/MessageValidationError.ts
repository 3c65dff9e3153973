/**
 * The error of every session-message validator: what was wrong (`reason`), and where (`path`, a
 * JSONPath such as `$.params[0]` or `$.error.code`). Messages name the rule that failed and never
 * echo values from the message: they come from the peer and may end up in logs or on screen.
 */
import { BaseError } from '../errors/base.ts'

export type MessageValidationReason =
  | 'too_large'
  | 'bad_json'
  | 'too_deep'
  | 'not_json_value'
  | 'forbidden_key'
  | 'not_object'
  | 'unknown_field'
  | 'missing_field'
  | 'bad_shape'
  | 'bad_jsonrpc'
  | 'bad_id'
  | 'bad_method'
  | 'bad_params'
  | 'bad_chain_id'
  | 'bad_error'

export class MessageValidationError extends BaseError {
  override name = 'MessageValidationError'
  readonly reason: MessageValidationReason
  readonly path: string

  constructor(reason: MessageValidationReason, path: string, shortMessage: string) {
    super(`${path}: ${shortMessage}`, { docsPath: 'SESSION.md#json-rpc-inside-the-session' })
    this.reason = reason
    this.path = path
  }
}
