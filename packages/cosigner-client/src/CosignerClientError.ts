/**
 * The one error of `@tessera/cosigner-client`: `code` says what happened — one of the co-signer's
 * error-frame codes (`PolicyDenied`, `PartyFailed`, `KeyBusy`…) or a client-side one — and an
 * error frame's `kind` and `culprit` (the @tessera/mpc failure kind and the party blamed) are
 * carried as fields. `retryable`: the same operation may succeed when started again with a new
 * sub-stream. Messages never carry tokens, payloads or shares.
 */
import { BaseError } from '@tessera/protocol'
import type { CosignerErrorCode } from '@tessera/protocol/cosigner'

export type CosignerClientErrorCode =
  | CosignerErrorCode
  /** The login endpoint refused the proof (its HTTP status is in `status`). */
  | 'LoginFailed'
  /** The Noise handshake failed: wrong pinned key, or the co-signer closed with 4400. */
  | 'HandshakeFailed'
  /** The co-signer refused the session token or the device key (close 4401). */
  | 'Unauthorized'
  /** The socket closed while a round was outstanding. */
  | 'ConnectionLost'
  /** No reply within the client's round timeout. */
  | 'ReplyTimeout'
  /** The co-signer's reply did not decode, or contradicts what the device computed. */
  | 'BadReply'

export interface CosignerClientErrorOptions {
  readonly kind?: string
  readonly culprit?: number
  readonly retryable?: boolean
  readonly status?: number
  readonly cause?: unknown
}

export class CosignerClientError extends BaseError {
  override name = 'CosignerClientError'
  readonly code: CosignerClientErrorCode
  readonly kind: string | undefined
  readonly culprit: number | undefined
  readonly retryable: boolean
  readonly status: number | undefined

  constructor(
    code: CosignerClientErrorCode,
    shortMessage: string,
    options: CosignerClientErrorOptions = {},
  ) {
    super(shortMessage, {
      docsPath: 'SESSION.md#signer--co-signer',
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    })
    this.code = code
    this.kind = options.kind
    this.culprit = options.culprit
    this.retryable = options.retryable ?? false
    this.status = options.status
  }
}
