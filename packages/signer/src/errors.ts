/**
 * The signer's error classes (docs/STYLE.md#8-two-error-layers): one `BaseError` shape from
 * `@tessera/protocol`, each subclass with a stable `name`. Messages name the vault, the handle or
 * the rule that failed; they never carry a secret, a share, a passcode or ciphertext.
 */
import type { CosignerClientErrorCode } from '@tessera/cosigner-client'
import { BaseError, type BaseErrorParameters } from '@tessera/protocol'

/** Another tab or Worker holds this vault's Web Lock: only one engine per vault may write. */
export class VaultLockedError extends BaseError {
  override name = 'VaultLockedError'
  constructor(vault: string) {
    super(`vault "${vault}" is open in another tab or worker`, {
      details: 'one engine per vault is the only writer; close the other one first',
    })
  }
}

/** The vault is protected by a passcode and none was given. */
export class PasscodeRequiredError extends BaseError {
  override name = 'PasscodeRequiredError'
  constructor(vault: string) {
    super(`vault "${vault}" is protected by a passcode; none was given`)
  }
}

/** The passcode given does not unwrap the vault's data key. */
export class WrongPasscodeError extends BaseError {
  override name = 'WrongPasscodeError'
  constructor(vault: string) {
    super(`the passcode does not unlock vault "${vault}"`)
  }
}

/**
 * A new passcode too easy to guess: fewer than `MIN_NEW_PASSCODE.length` characters, fewer than
 * `MIN_NEW_PASSCODE.distinct` different ones, or one straight run (`123456`, `abcdef`, `987654`).
 * `rule` says which: `length`, `distinct` or `sequence`.
 */
export class WeakPasscodeError extends BaseError {
  override name = 'WeakPasscodeError'
  readonly rule: 'length' | 'distinct' | 'sequence'
  constructor(rule: 'length' | 'distinct' | 'sequence') {
    super(`the new passcode is too easy to guess (${rule})`, {
      details: 'choose at least 6 characters, not all alike and not a straight run',
    })
    this.rule = rule
  }
}

/** Argon2id costs below the enforced minimum (given by the caller or read from storage). */
export class WeakKdfError extends BaseError {
  override name = 'WeakKdfError'
  constructor(what: string) {
    super(`argon2id costs below the minimum: ${what}`)
  }
}

/**
 * Storage could not be read or a record does not open under the vault's key. Never treated as an
 * empty wallet: the caller must see it and offer recovery, not a fresh DKG over the old key.
 */
export class VaultReadError extends BaseError {
  override name = 'VaultReadError'
  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    super(shortMessage, parameters)
  }
}

/** A read–check–write lost a race: the record changed after this engine read it. */
export class ConcurrentWriteError extends BaseError {
  override name = 'ConcurrentWriteError'
  constructor(what: string) {
    super(`${what} changed after it was read; the write was refused`)
  }
}

/** The vault was closed; its stores refuse every call. */
export class VaultClosedError extends BaseError {
  override name = 'VaultClosedError'
  constructor(vault: string) {
    super(`vault "${vault}" is closed`)
  }
}

/**
 * What can go wrong between the engine and the co-signer. `code` is the co-signer client's code
 * (`PolicyDenied`, `LoginFailed`, `ConnectionLost`, `BadReply`…, kept as is) or the link's own:
 * `UnknownRun` (a run id this link did not open, or already ended), `OutOfOrder` (a step the
 * run cannot take now), `Unsupported` (something the co-signer's channel does not serve),
 * `NotFound` (the co-signer's HTTP API has no such record: key, backup envelope), `Refused` (its
 * HTTP API refused the call; `status` says how).
 */
export type CosignerLinkErrorCode =
  | CosignerClientErrorCode
  | 'UnknownRun'
  | 'OutOfOrder'
  | 'Unsupported'
  | 'NotFound'
  | 'Refused'

export class CosignerLinkError extends BaseError {
  override name = 'CosignerLinkError'
  readonly code: CosignerLinkErrorCode
  /** The same call may succeed when started again. */
  readonly retryable: boolean
  /** The co-signer's HTTP status, for a refused login. */
  readonly status: number | undefined
  constructor(
    code: CosignerLinkErrorCode,
    shortMessage: string,
    options: { retryable?: boolean; status?: number; cause?: unknown } = {},
  ) {
    super(shortMessage, options.cause === undefined ? {} : { cause: options.cause })
    this.code = code
    this.retryable = options.retryable ?? false
    this.status = options.status
  }
}

/**
 * What a platform adapter (src/platform/) could not do: the host lacks the feature
 * (`Unsupported`), the user closed a popup (`Cancelled`), the host API answered with an error
 * (`HostFailed`), a limit was reached (`Full`), the answer needs a round trip through the
 * mini-program shell and arrives with the page's next load (`RoundTrip`), or there is no login
 * material (`NoLogin`). Messages never carry a stored value.
 */
export type PlatformErrorCode =
  | 'Unsupported'
  | 'Cancelled'
  | 'HostFailed'
  | 'Full'
  | 'RoundTrip'
  | 'NoLogin'

export class PlatformError extends BaseError {
  override name = 'PlatformError'
  readonly code: PlatformErrorCode
  constructor(code: PlatformErrorCode, shortMessage: string, parameters: BaseErrorParameters = {}) {
    super(shortMessage, parameters)
    this.code = code
  }
}
