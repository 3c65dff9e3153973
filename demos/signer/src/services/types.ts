/**
 * What the screens render, as the helpers' contracts state it (docs in /CONTRACTS: §1 the
 * clear-signing Description, §2 the wallet façade's state, §3 the request inbox). The app's
 * services adapt the real packages to these shapes, so every screen depends on this file only.
 */
import type { Description, Locale } from '@tessera/clear-signing'
import type { ResumableRequest } from '@tessera/signer'

export type { Description, Field, FieldValue, Severity, Warning } from '@tessera/clear-signing'

/** One chain's address of the first account, for the home screen. */
export type AddressRow = {
  /** CAIP-2 chain id. */
  readonly chainId: string
  readonly label: string
  readonly address: string
}

/** The wallet as screens show it; `identity` is the co-signer's login subject. */
export type WalletView =
  | { readonly status: 'loading' }
  | { readonly status: 'signedOut' }
  | { readonly status: 'needsOnboarding'; readonly identity: string }
  | {
      readonly status: 'ready'
      readonly identity: string
      readonly addresses: readonly AddressRow[]
      /** True until the person kept a backup of the current key. */
      readonly backupDue: boolean
    }

/** DKG progress: one percentage over both keys, the key being made and its phase. */
export type OnboardingProgress = {
  readonly curve?: 'secp256k1' | 'ed25519'
  readonly phase: string
  readonly percent: number
}

/** The backup material of the current key while it is due (the façade's `backup()`, contract §2). */
export type { BackupMaterial, PhraseAnswers } from '@tessera/signer'

export type SessionView = {
  readonly id: string
  readonly name: string
  readonly origin?: string
  readonly icon?: string
  readonly chains: readonly string[]
}

export type InboxView = {
  readonly id: string
  readonly session: {
    readonly name: string
    readonly origin?: string
    readonly icon?: string
    /** WalletConnect Verify's verdict on the dapp's domain, when the SDK gave one. */
    readonly verify?: {
      readonly validation: 'VALID' | 'INVALID' | 'UNKNOWN'
      readonly origin: string
      readonly isScam: boolean
    }
  }
  readonly method: string
  readonly chainId: string
  readonly account: { readonly address: string }
  /** The request's parameters as the dapp sent them, when the inbox keeps them. */
  readonly params?: unknown
  /** As described when the request arrived. */
  readonly description: Description
  /** The request described again in `locale` (the screen's language now), when the inbox can. */
  describe?(locale: Locale): Description
  readonly expiresAt: number
  /** Tessera sessions: the request as it arrived, kept across a reload (SOTER round trip). */
  readonly resumable?: ResumableRequest
  approve(): Promise<unknown>
  reject(): Promise<void>
}

/*
 * Recovery, refresh, export and the passcode: the engine's methods (`wallet.recover`,
 * `wallet.refresh`, `wallet.exportPrivateKey`, `wallet.changePasscode`, contract §2) as the app
 * calls them. A backend without one rejects with `NotAvailableError` ("not available in this
 * build"), which the screens explain with a way forward.
 */

/** Progress of a recovery or a refresh (the same shape as onboarding's). */
export type MaintenanceProgress = OnboardingProgress

/** What the export screen shows, once, after the explicit confirmation. */
export type ExportedKey = {
  readonly chainId: string
  /** The account's address on `chainId` (account 0, derived from the exported key). */
  readonly address: string
  /**
   * The key released: the wallet's ROOT key of this curve (BIP32 `m`), from which account 0
   * derives at `m/0/0` (secp256k1 for EVM and Conflux, Ed25519 for Solana).
   */
  readonly curve?: 'secp256k1' | 'ed25519'
  /** The private key, as bytes; the screen wipes them when it closes. */
  readonly privateKey: Uint8Array
}

/** The words the typed phrase must have (one backup phrase, in order). */
export const RECOVERY_WORDS = 24

export type WalletMaintenance = {
  /**
   * Rebuilds this device's share from the backup phrase, or from the backup file with its
   * passphrase (Telegram Cloud); a new backup is then due.
   */
  recover(
    input: (
      | { readonly phrase: readonly string[] }
      | { readonly file: Uint8Array; readonly passphrase: string }
    ) & { readonly onProgress: (progress: MaintenanceProgress) => void },
  ): Promise<void>
  /** Refreshes both shares with the co-signer (new epoch, same addresses); a new backup is due. */
  refresh(onProgress: (progress: MaintenanceProgress) => void): Promise<void>
  /** The full private key of the first account on `chainId`, after the explicit confirmation. */
  exportPrivateKey(input: {
    readonly chainId: string
    readonly confirmed: true
  }): Promise<ExportedKey>
  /** Sets (current undefined) or changes the vault's passcode. */
  changePasscode(input: { readonly current?: string; readonly next: string }): Promise<void>
}

/** A capability this build of the engine does not have yet. */
export class NotAvailableError extends Error {
  override readonly name = 'NotAvailableError'
  readonly code = 'NotAvailable'
  constructor(what: string) {
    super(`${what} is not available in this build`)
  }
}
