/**
 * `PairingError`: why pairing failed, with a stable `code`; messages are meant for the signer's
 * screen and never echo peer data. (Request failures are viem's EIP-1193 classes, built by
 * @tessera/protocol's `providerError`, instead.)
 */
import { BaseError } from '@tessera/protocol'

export type PairingErrorCode =
  /** Nobody answered before the deadline (the URI may have been used by another signer). */
  | 'Timeout'
  /** The dapp refused this signer (another signer answered the URI first). */
  | 'Refused'
  /** The peer's handshake or payload was invalid. */
  | 'BadHandshake'
  /** The relay client given is connected to another relay than the URI names. */
  | 'RelayMismatch'
  /** The pairing was cancelled or the relay client closed. */
  | 'Cancelled'

export class PairingError extends BaseError {
  override name = 'PairingError'
  readonly code: PairingErrorCode

  constructor(code: PairingErrorCode, shortMessage: string, options: { cause?: unknown } = {}) {
    super(shortMessage, { docsPath: 'docs/errors.md#pairingerror', ...options })
    this.code = code
  }
}
