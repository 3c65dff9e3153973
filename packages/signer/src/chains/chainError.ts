/**
 * The one error family of the signer's chain code (registry, Bitcoin, TON): a `BaseError`
 * (docs/STYLE.md#8-two-error-layers) with a stable PascalCase `code`. Bad input from a dapp or a
 * user always ends here, before anything is described for approval or signed. Messages name the
 * field or input at fault, never key material.
 */
import { BaseError } from '@tessera/protocol'

export type ChainErrorCode =
  /** No chain with that CAIP-2 id in the registry (or not on this platform). */
  | 'UnknownChain'
  /** `wallet_addEthereumChain` parameters that fail validation. */
  | 'InvalidChainParameters'
  /** A chain id that is built in (or already added with other parameters). */
  | 'ChainExists'
  /** The user did not approve adding the chain. */
  | 'Rejected'
  /** Bytes that are not a well-formed PSBT (BIP174) or transaction. */
  | 'MalformedPsbt'
  /** A PSBT larger than the signer accepts (bytes, inputs or outputs). */
  | 'TooLarge'
  /** A PSBT with no input this account owns. */
  | 'NoOwnedInputs'
  /** An input the wallet was asked to sign that it does not own. */
  | 'ForeignInput'
  /** An owned input without the `witnessUtxo` BIP143 needs (amount and script). */
  | 'MissingWitnessUtxo'
  /** A script, sighash type or version the signer does not sign. */
  | 'Unsupported'
  /** A TON transfer request or payload that does not validate. */
  | 'InvalidTonMessage'
  /** The threshold signature did not verify (never returned to the caller). */
  | 'BadSignature'

export class ChainError extends BaseError {
  override name = 'ChainError'
  readonly code: ChainErrorCode
  constructor(code: ChainErrorCode, shortMessage: string, options: { cause?: unknown } = {}) {
    super(shortMessage, options.cause === undefined ? {} : { cause: options.cause })
    this.code = code
  }
}
