/**
 * `RelayError`: why the relay client could not do what it was asked, with a stable `code` and,
 * for a refusal, the relay's JSON-RPC error code as `rpcCode`. Never carries message contents or
 * the JWT.
 */
import { BaseError } from '@tessera/protocol'

export type RelayErrorCode =
  /** `close()` was called before the relay accepted the operation. */
  | 'Closed'
  /** The relay answered with a JSON-RPC error that retrying cannot fix. */
  | 'Rejected'
  /** A publish waited in the outbox beyond its TTL; the relay would have dropped it anyway. */
  | 'Expired'
  /** The outbox holds `outboxLimit` unsent publishes already. */
  | 'OutboxFull'

export class RelayError extends BaseError {
  override name = 'RelayError'
  readonly code: RelayErrorCode
  /** For `Rejected`: the relay's JSON-RPC error code (docs/RELAY.md). */
  readonly rpcCode: number | undefined

  constructor(code: RelayErrorCode, shortMessage: string, rpcCode?: number) {
    super(shortMessage, { docsPath: 'docs/errors.md#relayerror' })
    this.code = code
    this.rpcCode = rpcCode
  }
}
