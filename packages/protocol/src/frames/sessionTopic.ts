/**
 * `sessionTopicFromHandshakeHash` (docs/SESSION.md#handshake step 4):
 *   sessionTopic = hex(H("tessera/session" ‖ handshake_hash))
 * H is SHA-256: the relay topics are 32-byte hex strings like WalletConnect's, SHA-256 is what
 * the relay world already uses for topics, and it does not depend on which Noise hash (BLAKE2s or
 * SHA-256) the handshake ran with. The label is concatenated as its UTF-8 bytes (15 bytes, all
 * ASCII) directly before the 32-byte handshake hash, with no length prefix: the label has a fixed
 * length, so the concatenation is unambiguous. Output is 64 lowercase hex characters.
 * Must never take anything but the 32-byte handshake hash, and never use randomness.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { abytes, bytesToHex } from '@noble/hashes/utils.js'

/** The label's UTF-8 bytes; it is ASCII, so char codes are its bytes (no TextEncoder needed at load). */
const LABEL = Uint8Array.from('tessera/session', (char) => char.charCodeAt(0))

/** Noise's HASHLEN for both hashes docs/SESSION.md allows (BLAKE2s and SHA-256). */
const HANDSHAKE_HASH_BYTES = 32

export function sessionTopicFromHandshakeHash(handshakeHash: Uint8Array): string {
  abytes(handshakeHash, HANDSHAKE_HASH_BYTES, 'handshakeHash')
  return bytesToHex(sha256.create().update(LABEL).update(handshakeHash).digest())
}
