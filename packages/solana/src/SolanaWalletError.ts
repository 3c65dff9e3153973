/**
 * The one error of `@tessera/solana` (docs/STYLE.md#8-two-error-layers): `code` says what failed —
 * `NotConnected` (no live session), `UnknownAccount` (an account this wallet did not give),
 * `UnsupportedChain`, `MalformedTransaction` (wire bytes that do not parse, over 1,232 bytes, or
 * the account is not a required signer), `InvalidMessage` (empty or over 2,048 bytes), `BadSignature` (the signer's answer does not verify; never returned to the
 * dapp), `BadReply` (an answer of the wrong shape).
 */
import { BaseError } from '@tessera/protocol'

export type SolanaWalletErrorCode =
  | 'NotConnected'
  | 'UnknownAccount'
  | 'UnsupportedChain'
  | 'MalformedTransaction'
  | 'InvalidMessage'
  | 'BadSignature'
  | 'BadReply'

export class SolanaWalletError extends BaseError {
  override name = 'SolanaWalletError'
  readonly code: SolanaWalletErrorCode
  constructor(
    code: SolanaWalletErrorCode,
    shortMessage: string,
    options: { cause?: unknown } = {},
  ) {
    super(shortMessage, options.cause === undefined ? {} : { cause: options.cause })
    this.code = code
  }
}
