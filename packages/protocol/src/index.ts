/**
 * `@tessera/protocol`: the one definition of Tessera's wire format (docs/ARCHITECTURE.md), shared
 * by the dapp side, the signer and the co-signer. Pure: no I/O, no timers, no clock, no randomness,
 * no globals. Explicit named exports only (docs/STYLE.md#9-explicit-exports); internals stay
 * unexported.
 */

export { createEmitter, type Emitter, type Listener } from './emitter/createEmitter.ts'
export {
  type Base64Variant,
  base64ToBytes,
  bytesToBase64,
} from './encoding/base64.ts'
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
export {
  ENVELOPE_VERSION,
  MAX_ENVELOPE_BASE64_LENGTH,
  MAX_ENVELOPE_BYTES,
  MAX_ENVELOPE_NONCE,
  MAX_ENVELOPE_PLAINTEXT_BYTES,
  MIN_ENVELOPE_BYTES,
} from './frames/constants.ts'
export { decodeEnvelope } from './frames/decodeEnvelope.ts'
export type { EnvelopeErrorCode } from './frames/EnvelopeError.ts'
export { EnvelopeError } from './frames/EnvelopeError.ts'
export { encodeEnvelope } from './frames/encodeEnvelope.ts'
export { envelopeFromBase64 } from './frames/envelopeFromBase64.ts'
export { envelopeToBase64 } from './frames/envelopeToBase64.ts'
export type { MessageFrame } from './frames/messageFrame.ts'
export { decodeMessageFrame, encodeMessageFrame } from './frames/messageFrame.ts'
export { sessionTopicFromHandshakeHash } from './frames/sessionTopic.ts'
export {
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_SESSION_TTL_SECONDS,
  DISCONNECT_NOTICE_WAIT_MS,
  HANDSHAKE_REPLY_TTL_SECONDS,
} from './frames/timing.ts'
export type { Envelope } from './frames/types.ts'
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
  SOLANA_SESSION_METHODS,
} from './jsonrpc/methods.ts'
export { paramsArray } from './jsonrpc/paramsArray.ts'
export { parseSessionMessage } from './jsonrpc/parseSessionMessage.ts'
export { parseSessionMessageText } from './jsonrpc/parseSessionMessageText.ts'
export {
  MAX_SOLANA_MESSAGE_BYTES,
  MAX_SOLANA_TRANSACTION_BYTES,
  parseSolanaParams,
  readSolanaTransaction,
  type SolanaParams,
} from './jsonrpc/parseSolanaParams.ts'
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
export type {
  DecodedRelayJwt,
  RelayJwtCheck,
  RelayJwtRejection,
} from './relay/decodeRelayJwt.ts'
export {
  checkRelayJwtClaims,
  checkRelayJwtHeader,
  decodeRelayJwt,
  readRelayJwtIssuer,
} from './relay/decodeRelayJwt.ts'
export { decodeDidKey, encodeDidKey } from './relay/didKey.ts'
export type { RelayResponseBody } from './relay/encodeRelayFrame.ts'
export {
  encodeRelayRequest,
  encodeRelayResponse,
  encodeSubscriptionPush,
} from './relay/encodeRelayFrame.ts'
export type { RelayJwtClaimParameters, RelayJwtClaims } from './relay/encodeRelayJwt.ts'
export {
  buildRelayJwtClaims,
  encodeRelayJwt,
  encodeRelayJwtSigningInput,
} from './relay/encodeRelayJwt.ts'
export type { RelayErrorBody, RelayErrorKind, RelayErrorRule } from './relay/errors.ts'
export { isRetryableRelayError, relayErrorBody } from './relay/errors.ts'
export { RELAY_CLIENT_DEFAULTS, RELAY_MAX_BATCH } from './relay/limits.ts'
export type {
  ApproveSessionParams,
  ProposeSessionParams,
  RelayChecked,
  RelayPublishParams,
  RelaySubscriptionData,
  RelaySubscriptionParams,
  RelayUnsubscription,
} from './relay/params.ts'
export type { ClientFrame, RelayRpcId } from './relay/parseClientFrame.ts'
export { parseClientFrame } from './relay/parseClientFrame.ts'
export type { PushId, RelayFrame } from './relay/parseRelayFrame.ts'
export { parseRelayFrame } from './relay/parseRelayFrame.ts'
export type { RelayMethod } from './relay/rules.ts'
export { RELAY_RULES } from './relay/rules.ts'
export { isTopic } from './relay/topic.ts'
