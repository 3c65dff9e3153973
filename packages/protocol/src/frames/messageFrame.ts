/**
 * The one codec of what travels base64-encoded in the relay `message` field (docs/RELAY.md,
 * docs/SESSION.md), for sending and receiving alike, versioned by its first byte:
 *
 *   0x00 ‖ 0x01 ‖ IK message 1                             handshake, signer → dapp (pairing topic)
 *   0x00 ‖ 0x02 ‖ initiator ephemeral (32) ‖ IK message 2  handshake, dapp → signer (pairing topic)
 *   0x01 ‖ u64be nonce ‖ ciphertext                         transport envelope (session topic)
 *
 * Message 2 repeats the initiator's ephemeral public key (sent in clear in message 1), so a signer
 * recognises the answer meant for it without trying to decrypt answers meant for another signer
 * (a failed Noise read would end its handshake for good). Every received frame is checked here
 * before any cryptography touches it; envelopes go through `decodeEnvelope`. The encoder refuses
 * what the decoder would drop. Never decrypts.
 */
import { base64ToBytes, bytesToBase64 } from '../encoding/base64.ts'
import {
  ENVELOPE_VERSION,
  HANDSHAKE_EPHEMERAL_BYTES,
  HANDSHAKE_FRAME,
  HANDSHAKE_HELLO,
  HANDSHAKE_REPLY,
  MAX_ENVELOPE_BASE64_LENGTH,
  MAX_HANDSHAKE_BYTES,
} from './constants.ts'
import { decodeEnvelope } from './decodeEnvelope.ts'
import { envelopeToBase64 } from './envelopeToBase64.ts'
import type { Envelope } from './types.ts'

export type MessageFrame =
  | { readonly kind: 'hello'; readonly body: Uint8Array }
  | { readonly kind: 'reply'; readonly ephemeral: Uint8Array; readonly body: Uint8Array }
  | { readonly kind: 'envelope'; readonly envelope: Envelope }

/**
 * The relay `message` text of a frame (standard padded base64). Throws RangeError for a handshake
 * frame the decoder would drop, and `EnvelopeError` for a bad envelope.
 */
export function encodeMessageFrame(frame: MessageFrame): string {
  if (frame.kind === 'envelope') return envelopeToBase64(frame.envelope)
  const { body } = frame
  if (!(body instanceof Uint8Array)) {
    throw new TypeError(`"body" expected Uint8Array, got type=${typeof body}`)
  }
  if (frame.kind === 'hello') return handshake(HANDSHAKE_HELLO, [body])
  const { ephemeral } = frame
  if (!(ephemeral instanceof Uint8Array) || ephemeral.length !== HANDSHAKE_EPHEMERAL_BYTES) {
    throw new RangeError(
      `"ephemeral" expected Uint8Array of length 32, got length=${ephemeral?.length}`,
    )
  }
  if (body.length === 0) throw new RangeError('"body" expected a non-empty IK message 2')
  return handshake(HANDSHAKE_REPLY, [ephemeral, body])
}

function handshake(step: number, parts: readonly Uint8Array[]): string {
  const length = parts.reduce((sum, part) => sum + part.length, 0)
  if (length > MAX_HANDSHAKE_BYTES) {
    throw new RangeError(
      `A handshake frame carries at most ${MAX_HANDSHAKE_BYTES} bytes (Noise §3), got ${length}`,
    )
  }
  const out = new Uint8Array(2 + length)
  out[0] = HANDSHAKE_FRAME
  out[1] = step
  let offset = 2
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return bytesToBase64(out, 'standard')
}

/** Reads a relay `message`; `undefined` for anything that is not one of the three frames. */
export function decodeMessageFrame(message: string): MessageFrame | undefined {
  if (typeof message !== 'string' || message.length > MAX_ENVELOPE_BASE64_LENGTH) return undefined
  const bytes = base64ToBytes(message, 'standard')
  if (bytes === undefined || bytes.length < 2) return undefined
  if (bytes[0] === ENVELOPE_VERSION) {
    try {
      return { kind: 'envelope', envelope: decodeEnvelope(bytes) }
    } catch {
      return undefined
    }
  }
  if (bytes[0] !== HANDSHAKE_FRAME || bytes.length - 2 > MAX_HANDSHAKE_BYTES) return undefined
  if (bytes[1] === HANDSHAKE_HELLO) return { kind: 'hello', body: bytes.slice(2) }
  const bodyStart = 2 + HANDSHAKE_EPHEMERAL_BYTES
  if (bytes[1] === HANDSHAKE_REPLY && bytes.length > bodyStart) {
    return {
      kind: 'reply',
      ephemeral: bytes.slice(2, bodyStart),
      body: bytes.slice(bodyStart),
    }
  }
  return undefined
}
