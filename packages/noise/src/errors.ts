/**
 * The one error type of `@tessera/noise`. Every failure has a stable `code` for programs and a
 * precise message for people. A handshake that throws is dead: it never yields keys afterwards.
 */
export type NoiseErrorCode =
  /** The protocol name does not parse, or names a pattern, DH, cipher or hash we do not offer. */
  | 'UnsupportedProtocol'
  /** A static key, remote static key or PSK the pattern needs was not given (or one it forbids was). */
  | 'MissingKey'
  /** A remote public key makes the Diffie-Hellman output all-zero (zero or low-order point). */
  | 'InvalidPublicKey'
  /** An AEAD tag did not verify: wrong key, tampered ciphertext or tag, wrong associated data. */
  | 'DecryptFailed'
  /** writeMessage/readMessage called when it is the other party's turn. */
  | 'OutOfOrder'
  /** The handshake already produced its last message; nothing more may be written or read. */
  | 'HandshakeComplete'
  /** The handshake failed earlier; it can only be discarded. */
  | 'HandshakeFailed'
  /** split() before the last handshake message, or a second time. */
  | 'HandshakeNotSplittable'
  /** A message is longer than 65535 bytes (Noise §3) or a payload would make it so. */
  | 'MessageTooLarge'
  /** A message is shorter than its pattern requires. */
  | 'MessageTooShort'
  /** The nonce space is used up: the session must be re-established (Noise §5.1: n = 2^64−1 is reserved). */
  | 'NonceExhausted'
  /** A transport nonce that was already accepted. */
  | 'Replay'
  /** A transport nonce older than the replay window, or too far ahead of it. */
  | 'NonceOutOfWindow'

export class NoiseError extends Error {
  override readonly name = 'NoiseError'
  readonly code: NoiseErrorCode
  /** Where the codes are described, in the repository. */
  readonly docsPath = 'docs/errors.md#noiseerror'

  constructor(code: NoiseErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}
