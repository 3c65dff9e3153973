/**
 * `@tessera/clear-signing`: turns what a dapp asks the signer to sign into a `Description` a
 * person can judge (docs/ARCHITECTURE.md#clear-signing). Explicit named exports only
 * (docs/STYLE.md#9-explicit-exports).
 */

export type { ClearSigningErrorCode } from './ClearSigningError.ts'
export { ClearSigningError } from './ClearSigningError.ts'
export { DESCRIBED_METHODS, describeRequest } from './describeRequest.ts'
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
