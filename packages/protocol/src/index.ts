/**
 * `@tessera/protocol`: the one definition of Tessera's wire format (ARCHITECTURE.md), shared by
 * the dapp side, the signer and the co-signer. Pure: no I/O, no timers, no clock, no randomness,
 * no globals. Explicit named exports only (STYLE.md item 9); internals stay unexported.
 */

export { createEmitter, type Emitter, type Listener } from './emitter/createEmitter.ts'
export {
  type Base64Variant,
  base64ToBytes,
  bytesToBase64,
} from './encoding/base64.ts'
export {
  ENVELOPE_VERSION,
  MAX_ENVELOPE_BASE64_LENGTH,
  MAX_ENVELOPE_BYTES,
  MAX_ENVELOPE_NONCE,
  MAX_ENVELOPE_PLAINTEXT_BYTES,
  MIN_ENVELOPE_BYTES,
} from './envelope/constants.ts'
export { decodeEnvelope } from './envelope/decodeEnvelope.ts'
export type { EnvelopeErrorCode } from './envelope/EnvelopeError.ts'
export { EnvelopeError } from './envelope/EnvelopeError.ts'
export { encodeEnvelope } from './envelope/encodeEnvelope.ts'
export { envelopeFromBase64 } from './envelope/envelopeFromBase64.ts'
export { envelopeToBase64 } from './envelope/envelopeToBase64.ts'
export { sessionTopicFromHandshakeHash } from './envelope/sessionTopic.ts'
export type { Envelope } from './envelope/types.ts'
export type { BaseErrorParameters } from './errors/base.ts'
export { BaseError } from './errors/base.ts'
export type { RpcErrorCode } from './errors/codes.ts'
export { isRpcErrorCode, RPC_ERROR_CLASSES, RPC_ERROR_CODES } from './errors/codes.ts'
export { fromRpcErrorObject } from './errors/fromRpcErrorObject.ts'
export type { ProviderError, ProviderErrorOptions } from './errors/providerError.ts'
export { providerError } from './errors/providerError.ts'
export { RpcTimeoutError } from './errors/RpcTimeoutError.ts'
export { rpcErrorData } from './errors/rpcErrorData.ts'
export { toProviderError } from './errors/toProviderError.ts'
export { toRpcErrorObject } from './errors/toRpcErrorObject.ts'
export type { JsonArray, JsonObject, JsonPrimitive, JsonValue } from './jsonrpc/jsonValue.ts'
export type { MessageValidationErrorCode } from './jsonrpc/MessageValidationError.ts'
export { MessageValidationError } from './jsonrpc/MessageValidationError.ts'
export type { SessionMethod } from './jsonrpc/methods.ts'
export {
  assertSessionMethod,
  CONFLUX_SESSION_METHODS,
  EVM_SESSION_METHODS,
  isSessionMethod,
  SESSION_METHODS,
} from './jsonrpc/methods.ts'
export { paramsArray } from './jsonrpc/paramsArray.ts'
export { parseSessionMessage } from './jsonrpc/parseSessionMessage.ts'
export { parseSessionMessageText } from './jsonrpc/parseSessionMessageText.ts'
export type { RpcErrorObject } from './jsonrpc/rpcErrorObject.ts'
export { serializeSessionMessage } from './jsonrpc/serializeSessionMessage.ts'
export type {
  NotificationMethod,
  ParsedSessionMessage,
  RpcId,
  SessionErrorResponse,
  SessionMessage,
  SessionNotification,
  SessionRequest,
  SessionResultResponse,
} from './jsonrpc/types.ts'
export { NOTIFICATION_METHODS } from './jsonrpc/types.ts'
export type { SessionMessageKind, WireRule } from './jsonrpc/wireRules.ts'
export {
  MAX_ERROR_MESSAGE_LENGTH,
  MAX_SESSION_MESSAGE_BYTES,
  MAX_SESSION_MESSAGE_DEPTH,
  WIRE_RULES,
} from './jsonrpc/wireRules.ts'
export { buildPairingUri } from './pairing/buildPairingUri.ts'
export {
  PAIRING_DEFAULT_TTL_SECONDS,
  PAIRING_MAX_TTL_SECONDS,
  PAIRING_NAME_MAX_LENGTH,
  PAIRING_URI_MAX_LENGTH,
  PAIRING_URI_VERSION,
} from './pairing/constants.ts'
export type { UniversalLink } from './pairing/fromUniversalLink.ts'
export { fromUniversalLink } from './pairing/fromUniversalLink.ts'
export type { PairingParameter, PairingUriErrorCode } from './pairing/PairingUriError.ts'
export { PairingUriError } from './pairing/PairingUriError.ts'
export { pairingExpiry } from './pairing/pairingExpiry.ts'
export type { ParsePairingUriOptions } from './pairing/parsePairingUri.ts'
export { parsePairingUri } from './pairing/parsePairingUri.ts'
export { toUniversalLink } from './pairing/toUniversalLink.ts'
export type { PairingUri } from './pairing/types.ts'
