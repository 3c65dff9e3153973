/**
 * `decodeEnvelope`: reads `0x01 ‖ u64be nonce ‖ ciphertext` from the network and checks every
 * field before anything decrypts it: the version byte, the length (header plus a 16-byte tag at
 * least, 65,519 bytes of plaintext at most) and the nonce (never 2^64 − 1, Noise §5.1). The returned
 * ciphertext is a copy, so later changes to the input cannot change it.
 * Must never decrypt or look at the ciphertext's contents.
 */

import { checkNonce } from './checks.ts'
import {
  ENVELOPE_HEADER_BYTES,
  ENVELOPE_VERSION,
  MAX_ENVELOPE_BYTES,
  MIN_ENVELOPE_BYTES,
} from './constants.ts'
import { EnvelopeError } from './EnvelopeError.ts'
import type { Envelope } from './types.ts'

export function decodeEnvelope(bytes: Uint8Array): Envelope {
  if (!(bytes instanceof Uint8Array)) {
    throw new EnvelopeError('NotBytes', 'Envelope must be a Uint8Array.')
  }
  if (bytes.length < MIN_ENVELOPE_BYTES) {
    throw new EnvelopeError(
      'TooShort',
      `Envelope must be at least ${MIN_ENVELOPE_BYTES} bytes (header and tag), got ${bytes.length}.`,
    )
  }
  if (bytes.length > MAX_ENVELOPE_BYTES) {
    throw new EnvelopeError(
      'TooLong',
      `Envelope may be at most ${MAX_ENVELOPE_BYTES} bytes (65519-byte plaintext), got ${bytes.length}.`,
    )
  }
  if (bytes[0] !== ENVELOPE_VERSION) {
    throw new EnvelopeError(
      'BadVersion',
      `Envelope version ${bytes[0]} is not supported (expected ${ENVELOPE_VERSION}).`,
    )
  }
  const nonce = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(
    1,
    false,
  )
  checkNonce(nonce)
  return { nonce, ciphertext: bytes.slice(ENVELOPE_HEADER_BYTES) }
}
