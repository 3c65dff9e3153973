/**
 * `envelopeToBase64`: an envelope as the relay `message` field carries it
 * (docs/SESSION.md#transport-envelope: inside the relay's message field, base64), standard alphabet
 * with padding (RFC 4648 §4). Must never produce a text `envelopeFromBase64` would refuse.
 */
import { bytesToBase64 } from '../encoding/base64.ts'
import { encodeEnvelope } from './encodeEnvelope.ts'
import type { Envelope } from './types.ts'

export function envelopeToBase64(envelope: Envelope): string {
  return bytesToBase64(encodeEnvelope(envelope), 'standard')
}
