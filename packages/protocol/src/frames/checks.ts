/**
 * Checks shared by `encodeEnvelope` and `decodeEnvelope`, so both sides enforce one set of limits.
 * Must never accept what the other side would refuse.
 */
import {
  ENVELOPE_TAG_BYTES,
  MAX_ENVELOPE_NONCE,
  MAX_ENVELOPE_PLAINTEXT_BYTES,
} from './constants.ts'
import { EnvelopeError } from './EnvelopeError.ts'

export function checkNonce(nonce: unknown): asserts nonce is bigint {
  if (typeof nonce !== 'bigint' || nonce < 0n || nonce > MAX_ENVELOPE_NONCE) {
    throw new EnvelopeError('BadNonce', 'Envelope nonce must be a bigint from 0 to 2^64 - 2.')
  }
}

export function checkCiphertextLength(length: number): void {
  if (length < ENVELOPE_TAG_BYTES) {
    throw new EnvelopeError(
      'TooShort',
      `Envelope ciphertext must be at least ${ENVELOPE_TAG_BYTES} bytes (the tag), got ${length}.`,
    )
  }
  const max = MAX_ENVELOPE_PLAINTEXT_BYTES + ENVELOPE_TAG_BYTES
  if (length > max) {
    throw new EnvelopeError(
      'TooLong',
      `Envelope ciphertext may be at most ${max} bytes (65519-byte plaintext), got ${length}.`,
    )
  }
}
