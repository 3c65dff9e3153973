/**
 * `encodeEnvelope`: `0x01 ‖ u64be nonce ‖ ciphertext` (docs/SESSION.md#transport-envelope). The
 * nonce is explicit because the relay may redeliver or reorder, and the receiver's replay window
 * needs it. Must never encrypt, and never accept a nonce or size the decoder would refuse.
 */

import { checkCiphertextLength, checkNonce } from './checks.ts'
import { ENVELOPE_HEADER_BYTES, ENVELOPE_VERSION } from './constants.ts'
import { EnvelopeError } from './EnvelopeError.ts'
import type { Envelope } from './types.ts'

export function encodeEnvelope({ nonce, ciphertext }: Envelope): Uint8Array {
  if (!(ciphertext instanceof Uint8Array)) {
    throw new EnvelopeError('NotBytes', 'Envelope ciphertext must be a Uint8Array.')
  }
  checkNonce(nonce)
  checkCiphertextLength(ciphertext.length)
  const out = new Uint8Array(ENVELOPE_HEADER_BYTES + ciphertext.length)
  out[0] = ENVELOPE_VERSION
  new DataView(out.buffer).setBigUint64(1, nonce, false)
  out.set(ciphertext, ENVELOPE_HEADER_BYTES)
  return out
}
