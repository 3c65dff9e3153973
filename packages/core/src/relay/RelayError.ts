/**
 * `RelayError`: why the relay client could not do what it was asked, with a stable `reason` and,
 * for a refusal, the relay's JSON-RPC `code`. Never carries message contents or the JWT.
 */
import { BaseError } from '@tessera/protocol'

export type RelayErrorReason =
  /** `close()` was called before the relay accepted the operation. */
  | 'closed'
  /** The relay answered with a JSON-RPC error that retrying cannot fix. */
  | 'rejected'
  /** A publish waited in the outbox beyond its TTL; the relay would have dropped it anyway. */
  | 'expired'
  /** The outbox holds `outboxLimit` unsent publishes already. */
  | 'outbox_full'

export class RelayError extends BaseError {
  override name = 'RelayError'
  readonly reason: RelayErrorReason
  readonly code: number | undefined

  constructor(reason: RelayErrorReason, shortMessage: string, code?: number) {
    super(shortMessage, { docsPath: 'RELAY.md' })
    this.reason = reason
    this.code = code
  }
}
