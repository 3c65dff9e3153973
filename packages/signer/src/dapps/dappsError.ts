/**
 * `DappsError`: the one error family of the signer's dapp side (docs/STYLE.md#8-two-error-layers)
 * for what the APP did wrong or what can no longer be done: answering an inbox item twice or after
 * it expired, ending an unknown session, grants that name nothing. What a DAPP did wrong is
 * answered on the wire with EIP-1193 codes (`providerError`), never with this class.
 */
import { BaseError } from '@tessera/protocol'

export type DappsErrorCode =
  | 'AlreadyAnswered'
  | 'Expired'
  | 'SessionEnded'
  | 'UnknownSession'
  | 'BadGrants'
  | 'NoRpc'
  | 'Closed'
  | 'BadLink'
  | 'WalletConnectUnavailable'
  | 'PolicyDenied'

export class DappsError extends BaseError {
  override name = 'DappsError'
  readonly code: DappsErrorCode
  /** `PolicyDenied`: the co-signer policy rule that denied the request (e.g. `recipients.deny`). */
  readonly rule?: string
  /**
   * `PolicyDenied` by `requireSoter`: the SOTER purpose (`digest:<64 hex>`) the co-signer wants a
   * verified biometric answer for before it signs this request again.
   */
  readonly purpose?: string
  constructor(
    code: DappsErrorCode,
    shortMessage: string,
    options: { cause?: unknown; rule?: string; purpose?: string } = {},
  ) {
    super(shortMessage, options.cause === undefined ? {} : { cause: options.cause })
    this.code = code
    if (options.rule !== undefined) this.rule = options.rule
    if (options.purpose !== undefined) this.purpose = options.purpose
  }
}
