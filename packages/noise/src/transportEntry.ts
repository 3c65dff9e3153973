/**
 * `@tessera/noise/transport`: the explicit-nonce transport alone — what resuming a persisted
 * session needs (ChaCha20-Poly1305, the replay window, REKEY), without the handshake, DH and
 * hash functions of the main entry. Code that runs on every page load imports this; the main
 * entry, which re-exports all of it, is for code that pairs (and may be loaded on demand). A
 * bundler that follows every import of a file it includes (esbuild with code splitting does)
 * would otherwise put the handshake in the up-front bundle.
 */

export { MAX_MESSAGE_LENGTH, MAX_NONCE, TAG_LENGTH } from './cipherState.ts'
export type { CipherFunction } from './ciphers.ts'
export { NoiseError, type NoiseErrorCode } from './errors.ts'
export type { ReplayWindowState } from './replayWindow.ts'
export {
  createTransport,
  restoreTransport,
  type SealedMessage,
  Transport,
  type TransportOptions,
  type TransportState,
} from './transport.ts'
