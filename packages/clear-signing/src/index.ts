/**
 * `@tessera/clear-signing`: turns what a dapp asks the signer to sign into a `Description` a
 * person can judge (docs/ARCHITECTURE.md#clear-signing). Explicit named exports only
 * (docs/STYLE.md#9-explicit-exports).
 */

export {
  type KeyValue,
  PSBT_LIMITS,
  type Psbt,
  type PsbtInput,
  parsePsbt,
  serializePsbt,
  type TxIn,
  type TxOut,
  type UnsignedTx,
} from './bitcoin/psbt.ts'
export type { ClearSigningErrorCode } from './ClearSigningError.ts'
export { ClearSigningError } from './ClearSigningError.ts'
export {
  DESCRIBED_METHODS,
  describeRequest,
  describeWithDescriptor,
} from './describeRequest.ts'
export { SHIPPED_DESCRIPTOR_JSON } from './descriptors/shippedDescriptors.ts'
export type {
  Deployment,
  DescriptorField,
  DescriptorFormat,
  Erc7730Descriptor,
  FieldFormat,
} from './erc7730/loadDescriptor.ts'
export { loadErc7730Descriptor } from './erc7730/loadDescriptor.ts'
export {
  type CompiledInstruction,
  parseSolanaMessage,
  type SolanaMessage,
} from './solana/parseSolanaTransaction.ts'
export { formatTonAddress, parseTonAddress, type TonAddress } from './ton/tonAddress.ts'
export type {
  AddressName,
  DescribeInput,
  DescribeOptions,
  Description,
  Field,
  FieldValue,
  Locale,
  Severity,
  TokenInfo,
  TokenList,
  Warning,
} from './types.ts'
