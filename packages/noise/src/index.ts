/**
 * @tessera/noise — the Noise Protocol Framework (revision 34) on @noble, sans-I/O.
 * Handshakes take and return bytes; the transport adds explicit nonces, a replay window and
 * periodic re-keying for relayed channels.
 */
export { CipherState, MAX_MESSAGE_LENGTH, MAX_NONCE, TAG_LENGTH } from './cipherState.ts'
export type { CipherFunction } from './ciphers.ts'
export { NoiseError, type NoiseErrorCode } from './errors.ts'
export {
  createHandshake,
  type HandshakeOptions,
  type HandshakeResult,
  HandshakeState,
} from './handshakeState.ts'
export { type HandshakePattern, PATTERN_NAMES, type Token } from './patterns.ts'
export {
  DEFAULT_FUNCTIONS,
  type DhFunction,
  generateKeyPair,
  type HashFunction,
  type KeyPair,
  type NoiseFunctions,
} from './primitives.ts'
export { type NoiseProtocol, parseProtocolName } from './protocolName.ts'
export { ReplayWindow, type ReplayWindowState } from './replayWindow.ts'
export {
  createTransport,
  restoreTransport,
  type SealedMessage,
  Transport,
  type TransportOptions,
  type TransportState,
} from './transport.ts'
