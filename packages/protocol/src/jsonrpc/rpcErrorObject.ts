/**
 * The JSON-RPC error object `{code, message, data?}` (docs/SESSION.md; EIP-1474) and its validator,
 * shared by `parseSessionMessage` (error responses, `disconnect`) and `fromRpcErrorObject`.
 * Must never copy unknown fields into the result: it builds a fresh object from the known three.
 */
import { assertJsonValue, isPlainObject, type JsonValue } from './jsonValue.ts'
import { MessageValidationError } from './MessageValidationError.ts'
import { MAX_ERROR_MESSAGE_LENGTH, MAX_SESSION_MESSAGE_DEPTH } from './wireRules.ts'

export type RpcErrorObject = {
  readonly code: number
  readonly message: string
  readonly data?: JsonValue
}

const FIELDS: ReadonlySet<string> = new Set(['code', 'message', 'data'])

/** Validates an error object found at `path`; throws `MessageValidationError` (`BadError`). */
export function parseRpcErrorObject(value: unknown, path: string, depth = 0): RpcErrorObject {
  if (!isPlainObject(value)) {
    throw new MessageValidationError('BadError', path, 'error must be an object')
  }
  for (const key of Object.keys(value)) {
    if (!FIELDS.has(key)) {
      throw new MessageValidationError(
        'BadError',
        path,
        'error has a field other than code, message, data',
      )
    }
  }
  const { code, message } = value
  if (typeof code !== 'number' || !Number.isSafeInteger(code)) {
    throw new MessageValidationError('BadError', `${path}.code`, 'code must be a safe integer')
  }
  if (typeof message !== 'string' || message.length > MAX_ERROR_MESSAGE_LENGTH) {
    throw new MessageValidationError(
      'BadError',
      `${path}.message`,
      `message must be a string of at most ${MAX_ERROR_MESSAGE_LENGTH} characters`,
    )
  }
  if (!Object.hasOwn(value, 'data')) return { code, message }
  const data = value.data
  assertJsonValue(data, `${path}.data`, MAX_SESSION_MESSAGE_DEPTH - depth - 1)
  return { code, message, data }
}
