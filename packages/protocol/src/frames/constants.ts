/**
 * Bytes and sizes of the frames in the relay `message` field (docs/SESSION.md): the transport
 * envelope ("Transport envelope")
 *   0x01 ‖ u64be nonce ‖ ChaCha20-Poly1305(k, nonce, plaintext, ad = sessionTopic)
 * and the pairing handshake frames (`messageFrame.ts`). Constants only; must never depend on
 * anything.
 */

/** The one envelope version this code reads and writes. */
export const ENVELOPE_VERSION = 0x01

/** Version byte plus the 8-byte big-endian nonce. */
export const ENVELOPE_HEADER_BYTES = 9

/** The Poly1305 tag every ciphertext ends with (RFC 8439 §2.8). */
export const ENVELOPE_TAG_BYTES = 16

/**
 * The largest plaintext: Noise (rev. 34 §3) caps every transport message — ciphertext and tag —
 * at 65,535 bytes, so 65,535 − 16. docs/SESSION.md's "≤ 64 KiB" rounds this; the Noise cap wins.
 */
export const MAX_ENVELOPE_PLAINTEXT_BYTES = 65_519

export const MIN_ENVELOPE_BYTES = ENVELOPE_HEADER_BYTES + ENVELOPE_TAG_BYTES
export const MAX_ENVELOPE_BYTES =
  ENVELOPE_HEADER_BYTES + MAX_ENVELOPE_PLAINTEXT_BYTES + ENVELOPE_TAG_BYTES

/**
 * Noise (rev. 34, §5.1) reserves nonce 2^64 − 1 and forbids its use, so the largest nonce a
 * sender may ever put in an envelope is 2^64 − 2.
 */
export const MAX_ENVELOPE_NONCE = 2n ** 64n - 2n

/** Padded base64 length of the largest envelope: the relay `message` is refused above this. */
export const MAX_ENVELOPE_BASE64_LENGTH = Math.ceil(MAX_ENVELOPE_BYTES / 3) * 4

/**
 * The first byte of every relay `message` Tessera sends (docs/SESSION.md): 0x00 a pairing handshake
 * frame, 0x01 (`ENVELOPE_VERSION`) a transport envelope.
 */
export const HANDSHAKE_FRAME = 0x00

/** The second byte of a handshake frame: IK message 1 (signer → dapp) or 2 (dapp → signer). */
export const HANDSHAKE_HELLO = 0x01
export const HANDSHAKE_REPLY = 0x02

/** The initiator's ephemeral X25519 key, repeated at the start of a reply frame. */
export const HANDSHAKE_EPHEMERAL_BYTES = 32

/** Noise (rev. 34 §3): a handshake message never exceeds 65,535 bytes. */
export const MAX_HANDSHAKE_BYTES = 65_535
