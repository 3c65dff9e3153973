/**
 * The one error of `@tessera/clear-signing`: a request the decoders cannot describe honestly.
 * `code` says why; the message names the field, never a secret (requests hold none). Decoders throw
 * nothing else on bad input (the fuzz tests check it).
 */
import { BaseError } from '@tessera/protocol'

export type ClearSigningErrorCode =
  /** The method is not one the signer describes. */
  | 'UnsupportedMethod'
  /** The params do not have the shape the method requires (wrong type, missing field, bad hex). */
  | 'InvalidParams'
  /** The request's chain does not fit the method (e.g. an EVM method on a Solana session). */
  | 'UnsupportedChain'
  /** Bytes that should be a transaction, calldata or typed data do not decode. */
  | 'MalformedPayload'
  /** An ERC-7730 descriptor is not valid JSON of the format. */
  | 'InvalidDescriptor'
  /** An ERC-7730 descriptor does not match the contract, chain or function it is used for. */
  | 'DescriptorMismatch'
  /** The payload exceeds the sizes a person could review (and the decoder would process). */
  | 'TooLarge'

export class ClearSigningError extends BaseError {
  override name = 'ClearSigningError'
  readonly code: ClearSigningErrorCode

  constructor(
    code: ClearSigningErrorCode,
    shortMessage: string,
    options: { cause?: unknown } = {},
  ) {
    super(shortMessage, options.cause === undefined ? {} : { cause: options.cause })
    this.code = code
  }
}
