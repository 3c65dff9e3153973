/**
 * `parseSessionMessageText`: the entry point for a decrypted plaintext. Measures the UTF-8 length
 * first (a string longer than the largest limit in UTF-16 units is refused in O(1), before it is
 * even counted), then JSON.parse, then `parseSessionMessage`, then the per-kind limit of
 * `WIRE_RULES`. Must never hand an unmeasured text to JSON.parse.
 */
import { utf8Length } from '../encoding/utf8Length.ts'
import { MessageValidationError } from './MessageValidationError.ts'
import { parseSessionMessage } from './parseSessionMessage.ts'
import type { ParsedSessionMessage } from './types.ts'
import { MAX_SESSION_MESSAGE_BYTES, WIRE_RULES } from './wireRules.ts'

export function parseSessionMessageText(text: string): ParsedSessionMessage {
  if (typeof text !== 'string') {
    throw new MessageValidationError('BadJson', '$', 'a session message must be JSON text')
  }
  // Every UTF-16 unit is at least one UTF-8 byte, so this bound is safe to apply before counting.
  if (text.length > MAX_SESSION_MESSAGE_BYTES) throw tooLarge(MAX_SESSION_MESSAGE_BYTES)
  const bytes = utf8Length(text)
  if (bytes > MAX_SESSION_MESSAGE_BYTES) throw tooLarge(MAX_SESSION_MESSAGE_BYTES)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    // The parser's own message quotes the input: do not pass it on.
    throw new MessageValidationError('BadJson', '$', 'the message is not valid JSON')
  }
  const parsed = parseSessionMessage(json)
  const limit = WIRE_RULES[parsed.kind].maxBytes
  if (bytes > limit) throw tooLarge(limit, parsed.kind)
  return parsed
}

function tooLarge(limit: number, kind?: string): MessageValidationError {
  return new MessageValidationError(
    'TooLarge',
    '$',
    `${kind ?? 'session'} messages may be at most ${limit} UTF-8 bytes`,
  )
}
