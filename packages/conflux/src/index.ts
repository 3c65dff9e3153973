/**
 * `@tessera/conflux`: Conflux Core for dapps on viem + noble (docs/CHAINS.md#conflux-core-space) —
 * CIP-37 addresses, CIP-23 typed data, `personal_sign` hashing, Core transactions and the
 * Fluent-compatible provider. js-conflux-sdk is a test oracle only and never imported here.
 * Explicit named exports only (docs/STYLE.md#9-explicit-exports); internals stay unexported.
 */

export {
  BASE32_ALPHABET,
  MAINNET_NETWORK_ID,
  MAX_NETWORK_ID,
  TESTNET_NETWORK_ID,
} from './address/constants.ts'
export { decodeBase32Address } from './address/decodeBase32Address.ts'
export type { EncodeBase32AddressOptions } from './address/encodeBase32Address.ts'
export { encodeBase32Address } from './address/encodeBase32Address.ts'
export { getCoreAddressType } from './address/getCoreAddressType.ts'
export type { InvalidAddressErrorCode } from './address/InvalidAddressError.ts'
export { InvalidAddressError } from './address/InvalidAddressError.ts'
export { isBase32Address } from './address/isBase32Address.ts'
export { networkIdToPrefix } from './address/networkIdToPrefix.ts'
export { prefixToNetworkId } from './address/prefixToNetworkId.ts'
export type { CoreAddressType, DecodedBase32Address } from './address/types.ts'
export { userAddressFromPublicKey } from './address/userAddressFromPublicKey.ts'
export type { ConfluxMessage } from './message/hashConfluxMessage.ts'
export { CONFLUX_MESSAGE_PREFIX, hashConfluxMessage } from './message/hashConfluxMessage.ts'
export { hashPersonalSignMessage } from './message/hashPersonalSignMessage.ts'
export type {
  ConfluxTransportFromSessionParameters,
  TesseraSessionEvents,
  TesseraSessionLike,
} from './provider/confluxTransportFromSession.ts'
export { confluxTransportFromSession } from './provider/confluxTransportFromSession.ts'
export type { CreateConfluxProviderParameters } from './provider/createConfluxProvider.ts'
export { createConfluxProvider } from './provider/createConfluxProvider.ts'
export { hashCoreTransaction } from './transaction/hashCoreTransaction.ts'
export type { InvalidCoreTransactionErrorCode } from './transaction/InvalidCoreTransactionError.ts'
export { InvalidCoreTransactionError } from './transaction/InvalidCoreTransactionError.ts'
export { parseCoreTransaction } from './transaction/parseCoreTransaction.ts'
export { recoverCoreTransactionSender } from './transaction/recoverCoreTransactionSender.ts'
export { serializeCoreTransaction } from './transaction/serializeCoreTransaction.ts'
export type {
  Core1559Transaction,
  Core2930Transaction,
  CoreAccessList,
  CoreAccessListEntry,
  CoreLegacyTransaction,
  CoreSignature,
  CoreTransaction,
  CoreTransactionType,
  ParsedCoreTransaction,
} from './transaction/types.ts'
export { hashCip23TypedData } from './typedData/hashCip23TypedData.ts'
export { InvalidTypedDataError } from './typedData/InvalidTypedDataError.ts'
export { CIP23_DOMAIN, normalizeCip23TypedData } from './typedData/normalizeCip23TypedData.ts'
export type {
  Cip23TypedData,
  Cip23TypeField,
  NormalizedCip23TypedData,
} from './typedData/types.ts'
export type {
  ConfluxProvider,
  ConfluxProviderEvents,
  ConfluxRequestArguments,
  ConfluxRpc,
  ConfluxSession,
  ConfluxSignerMethod,
  ConfluxSignTransactionRequest,
  ConfluxTransport,
  ConfluxTransportEvent,
} from './types.ts'
