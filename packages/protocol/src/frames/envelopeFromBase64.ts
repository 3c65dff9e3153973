/**
 * `envelopeFromBase64`: the relay `message` field back to an envelope. The length is checked
 * before any decoding (a hostile relay or peer cannot make us allocate for an oversize text), the
 * base64 must be canonical (no whitespace, exact padding, zero trailing bits), then
 * `decodeEnvelope` checks the bytes. Must never decode a text longer than the largest envelope.
 */
import { base64ToBytes } from '../encoding/base64.ts'
import { MAX_ENVELOPE_BASE64_LENGTH } from './constants.ts'
import { decodeEnvelope } from './decodeEnvelope.ts'
import { EnvelopeError } from './EnvelopeError.ts'
import type { Envelope } from './types.ts'

export function envelopeFromBase64(message: string): Envelope {
  if (typeof message !== 'string') {
    throw new EnvelopeError('NotString', 'Envelope text must be a string.')
  }
  if (message.length > MAX_ENVELOPE_BASE64_LENGTH) {
    throw new EnvelopeError(
      'TooLong',
      `Envelope text may be at most ${MAX_ENVELOPE_BASE64_LENGTH} base64 characters, got ${message.length}.`,
    )
  }
  const bytes = base64ToBytes(message, 'standard')
  if (bytes === undefined) {
    throw new EnvelopeError(
      'BadBase64',
      'Envelope text is not canonical padded base64 (RFC 4648 §4, no whitespace).',
    )
  }
  return decodeEnvelope(bytes)
}
