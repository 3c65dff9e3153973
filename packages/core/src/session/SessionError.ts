/**
 * `PairingError`: why pairing failed, with a stable `reason`; messages are meant for the signer's
 * screen and never echo peer data. (Request failures use the EIP-1193 classes of
 * @tessera/protocol instead.)
 */
import { BaseError } from '@tessera/protocol'

export type PairingErrorReason =
  /** Nobody answered before the deadline (the URI may have been used by another signer). */
  | 'timeout'
  /** The dapp refused this signer (another signer answered the URI first). */
  | 'refused'
  /** The peer's handshake or payload was invalid. */
  | 'bad_handshake'
  /** The relay client given is connected to another relay than the URI names. */
  | 'relay_mismatch'
  /** The pairing was cancelled or the relay client closed. */
  | 'cancelled'

export class PairingError extends BaseError {
  override name = 'PairingError'
  readonly reason: PairingErrorReason

  constructor(reason: PairingErrorReason, shortMessage: string, options: { cause?: unknown } = {}) {
    super(shortMessage, { docsPath: 'SESSION.md#handshake', ...options })
    this.reason = reason
  }
}
