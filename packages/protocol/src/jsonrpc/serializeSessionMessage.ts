/**
 * `serializeSessionMessage`: the sending side's twin of `parseSessionMessageText`. Validates the
 * message with the receiver's own rules (so a `bigint`, an `undefined` or an unknown field fails
 * here with its path), serialises it, and checks the `WIRE_RULES` size of its kind: a message too
 * large for the 65,519-byte envelope plaintext (docs/SESSION.md) is a bug of the sender, reported
 * here. Must never return a text its own parser would refuse.
 */
import { utf8Length } from '../encoding/utf8Length.ts'
import { MessageValidationError } from './MessageValidationError.ts'
import { parseSessionMessage } from './parseSessionMessage.ts'
import type { SessionMessage } from './types.ts'
import { WIRE_RULES } from './wireRules.ts'

export function serializeSessionMessage(message: SessionMessage): string {
  const { kind } = parseSessionMessage(message)
  const text = JSON.stringify(message)
  const limit = WIRE_RULES[kind].maxBytes
  if (utf8Length(text) > limit) {
    throw new MessageValidationError(
      'TooLarge',
      '$',
      `${kind} messages may be at most ${limit} UTF-8 bytes`,
    )
  }
  return text
}
