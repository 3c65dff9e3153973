/**
 * The framing of what travels in the relay `message` field (base64, RELAY.md), versioned by its
 * first byte:
 *
 *   0x00 ‖ 0x01 ‖ IK message 1                          handshake, signer → dapp (pairing topic)
 *   0x00 ‖ 0x02 ‖ initiator ephemeral (32) ‖ IK message 2  handshake, dapp → signer (pairing topic)
 *   0x01 ‖ u64be nonce ‖ ciphertext                      transport envelope (SESSION.md; session topic)
 *
 * Message 2 repeats the initiator's ephemeral public key (sent in clear in message 1), so a signer
 * recognises the answer meant for it without trying to decrypt answers meant for another signer
 * (a failed Noise read would end its handshake for good). Every frame is checked here before any
 * cryptography touches it; envelopes go through @tessera/protocol's `decodeEnvelope`.
 */
import {
  base64ToBytes,
  bytesToBase64,
  decodeEnvelope,
  type Envelope,
  MAX_ENVELOPE_BASE64_LENGTH,
} from '@tessera/protocol'

export const HANDSHAKE_FRAME = 0x00
export const ENVELOPE_FRAME = 0x01
/** Noise §3: a handshake message never exceeds 65535 bytes. */
const MAX_HANDSHAKE_BYTES = 65_535
const EPHEMERAL_BYTES = 32

export type Frame =
  | { readonly kind: 'hello'; readonly body: Uint8Array }
  | { readonly kind: 'reply'; readonly ephemeral: Uint8Array; readonly body: Uint8Array }
  | { readonly kind: 'envelope'; readonly envelope: Envelope }

export function encodeHello(body: Uint8Array): string {
  const out = new Uint8Array(2 + body.length)
  out[0] = HANDSHAKE_FRAME
  out[1] = 1
  out.set(body, 2)
  return bytesToBase64(out, 'standard')
}

export function encodeReply(ephemeral: Uint8Array, body: Uint8Array): string {
  if (ephemeral.length !== EPHEMERAL_BYTES) {
    throw new RangeError(
      `"ephemeral" expected Uint8Array of length 32, got length=${ephemeral.length}`,
    )
  }
  const out = new Uint8Array(2 + EPHEMERAL_BYTES + body.length)
  out[0] = HANDSHAKE_FRAME
  out[1] = 2
  out.set(ephemeral, 2)
  out.set(body, 2 + EPHEMERAL_BYTES)
  return bytesToBase64(out, 'standard')
}

/** Reads a relay message; `undefined` for anything that is not one of the three frames. */
export function decodeFrame(message: string): Frame | undefined {
  if (typeof message !== 'string' || message.length > MAX_ENVELOPE_BASE64_LENGTH) return undefined
  const bytes = base64ToBytes(message, 'standard')
  if (bytes === undefined || bytes.length < 2) return undefined
  if (bytes[0] === ENVELOPE_FRAME) {
    try {
      return { kind: 'envelope', envelope: decodeEnvelope(bytes) }
    } catch {
      return undefined
    }
  }
  if (bytes[0] !== HANDSHAKE_FRAME || bytes.length - 2 > MAX_HANDSHAKE_BYTES) return undefined
  if (bytes[1] === 1) return { kind: 'hello', body: bytes.slice(2) }
  if (bytes[1] === 2 && bytes.length > 2 + EPHEMERAL_BYTES) {
    return {
      kind: 'reply',
      ephemeral: bytes.slice(2, 2 + EPHEMERAL_BYTES),
      body: bytes.slice(2 + EPHEMERAL_BYTES),
    }
  }
  return undefined
}
