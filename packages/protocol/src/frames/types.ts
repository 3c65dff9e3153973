/** The decoded transport envelope. Types only. */
export type Envelope = {
  /** The sender's Noise transport nonce, 0 … 2^64 − 2. */
  readonly nonce: bigint
  /** ChaCha20-Poly1305 ciphertext including its 16-byte tag. */
  readonly ciphertext: Uint8Array
}
