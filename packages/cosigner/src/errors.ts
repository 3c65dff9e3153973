/**
 * The co-signer's one error type: a stable `code` for programs, an HTTP `status` for the edge,
 * and a precise message for people. Policy denials name the rule that denied them.
 * Messages never carry secrets (tokens, codes, session keys, shares): callers pass lengths,
 * identities and rule names only.
 */

export type CosignerErrorCode =
  | 'BadRequest'
  | 'PayloadTooLarge'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'Conflict'
  | 'KeyBusy'
  | 'AlreadyConsumed'
  | 'CodeReplayed'
  | 'LoginFailed'
  | 'LoginUnavailable'
  | 'LoginBlocked'
  | 'RateLimited'
  | 'PolicyDenied'
  | 'ProtocolFailed'
  | 'DecryptFailed'
  | 'StorageError'
  | 'Misconfigured'
  | 'Internal'

const STATUS: Record<CosignerErrorCode, number> = {
  BadRequest: 400,
  PayloadTooLarge: 413,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
  KeyBusy: 409,
  AlreadyConsumed: 409,
  CodeReplayed: 401,
  LoginFailed: 401,
  LoginUnavailable: 503,
  LoginBlocked: 403,
  RateLimited: 429,
  PolicyDenied: 403,
  ProtocolFailed: 400,
  DecryptFailed: 500,
  StorageError: 500,
  Misconfigured: 500,
  Internal: 500,
}

export class CosignerError extends Error {
  override name = 'CosignerError'
  readonly code: CosignerErrorCode
  readonly status: number
  /** Platform error code when a login platform answered with one (e.g. WeChat `40029`). */
  readonly platformCode: string | undefined
  /** Whether the same request may succeed when retried later. */
  readonly retryable: boolean
  /** `ProtocolFailed`: the @tessera/mpc error kind (`Malformed`, `Abort`, `Ban`). */
  readonly kind: string | undefined
  /** `ProtocolFailed`: the party index whose message failed the check, when known. */
  readonly culprit: number | undefined

  constructor(
    code: CosignerErrorCode,
    message: string,
    options: {
      cause?: unknown
      platformCode?: string
      retryable?: boolean
      kind?: string
      culprit?: number
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.status = STATUS[code]
    this.platformCode = options.platformCode
    this.retryable = options.retryable ?? false
    this.kind = options.kind
    this.culprit = options.culprit
  }
}

/** A signing request refused by policy; `rule` names the rule (e.g. `recipients.deny`). */
export class PolicyDeniedError extends CosignerError {
  override name = 'PolicyDeniedError'
  readonly rule: string

  constructor(rule: string, message: string) {
    super('PolicyDenied', `policy rule "${rule}" denied the request: ${message}`)
    this.rule = rule
  }
}
