/**
 * The signer's error classes (docs/STYLE.md#8-two-error-layers): one `BaseError` shape from
 * `@tessera/protocol`, each subclass with a stable `name`. Messages name the vault, the handle or
 * the rule that failed; they never carry a secret, a share, a passcode or ciphertext.
 */
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
