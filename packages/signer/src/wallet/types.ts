/**
 * The wallet façade's public types (CONTRACT §2): what an app holds — one `SignerWallet` that ties
 * login, persistence, onboarding, backup and recovery together over the engine, the co-signer
 * link and the platform adapter. Only public data crosses this API; shares stay in the engine.
 */
import type { Emitter } from '@tessera/protocol'
import type { Account } from '../accounts/deriveAccount.ts'
import type { WalletBackup } from '../backup/exportWalletBackup.ts'
import type { CosignerLink, CosignerSession } from '../cosigner/cosignerLink.ts'
import type { OnboardingProgress } from '../engine/runDkg.ts'
import type { DeviceEngine } from '../engine/types.ts'
import type { WalletSigner } from '../engine/walletSigner.ts'
import type { LoginProof, PlatformAdapter } from '../platform/types.ts'
import type { PasscodeKdf } from '../vault/passcode.ts'
import type { KeyProgress } from './keyLifecycle.ts'

/** What the UI renders. `identity` is the co-signer's login subject (`oidc:<iss>:<sub>`, …). */
export type WalletState =
  | { readonly status: 'signedOut' }
  | { readonly status: 'needsOnboarding'; readonly identity: string }
  | {
      readonly status: 'ready'
      readonly identity: string
      /** The accounts the wallet shows (index 0 at least). */
      readonly accounts: readonly Account[]
      /** The key's epoch (changes on refresh and recovery). */
      readonly epoch: number
      /** True until the user kept a backup of the current epoch (after onboarding, refresh). */
      readonly backupDue: boolean
      /** When the co-signer session ends (ms since epoch); it is renewed before that. */
      readonly sessionExpiresAt: number
    }

export type WalletEvents = {
  readonly change: WalletState
}

/** The onboarding progress a UI shows: one percentage over both keys, and the current phase. */
export type OnboardProgress = OnboardingProgress

export type SignerWalletOptions = {
  readonly platform: PlatformAdapter
  /** The device engine: Worker-backed in apps (`connectSignerWorker(...).unlock`), in-process in tests. */
  readonly engine: DeviceEngine
  readonly link: CosignerLink
  /** The vault this wallet's shares live in; the storage namespace of its metadata too. */
  readonly vaultName: string
  /** Argon2id costs for backup files (defaults to the package's default; never below the floor). */
  readonly backupKdf?: PasscodeKdf
  /** ms since epoch; defaults to Date.now. */
  readonly clock?: () => number
  /** Accounts listed in the ready state (default 1). */
  readonly accountCount?: number
  /**
   * The vault the engine runs on (the signer Worker: `connectSignerWorker(...)`), for
   * `changePasscode`; without it that call is `Unsupported`.
   */
  readonly vault?: WalletVault
  /** Argon2id costs for a new vault passcode (defaults to the package's default; never below the floor). */
  readonly passcodeKdf?: PasscodeKdf
  /** The warm presignature pool's bounds (presignaturePool.ts): most per account, use window. */
  readonly presignatures?: { readonly max?: number; readonly windowMs?: number }
}

/** What the wallet needs of its vault: re-wrapping under a new passcode (vault/vaultKey.ts). */
export type WalletVault = {
  changePasscode(input: {
    readonly current?: string
    readonly next: string
    readonly kdf?: PasscodeKdf
  }): Promise<void>
}

/**
 * The warm DKLs23 presignature pool (one per account path, sized by recent use, refilled when no
 * signing runs). Signing never waits for it: a ready presignature makes it one round trip.
 */
export type WalletPresignatures = {
  /** Marks account `index` (default 0) as used and starts refilling it in the background. */
  warm(index?: number): void
  /** Presignatures ready for account `index` (default 0). */
  ready(index?: number): number
  /** Resolves when the refill has nothing left to do (full, stopped, cancelled). */
  settled(): Promise<void>
  /** Forgets every ready presignature and cancels the refill (refresh, recovery, logout call it). */
  invalidate(): void
}

/** Recovery and refresh progress: per key, the re-share's phase and percent. */
export type RotationProgress = KeyProgress

/** What a recovery starts from: the 24 words, or the backup file with its passphrase. */
export type RecoverOptions = (
  | { readonly phrase: readonly string[] }
  | { readonly file: Uint8Array; readonly passphrase: string }
) & { readonly onProgress?: (progress: RotationProgress) => void }

/**
 * The backup of the current epoch, available right after onboarding until the user confirmed it
 * (memory only: after a reload it is gone and `backupDue` stays true). The phrase is the backup
 * party's secret (24 BIP39 words; with the wallet's public DKG transcripts it gives back both
 * backup shares, zero seeds included); the file holds both shares sealed under a passphrase.
 */
export type BackupMaterial = {
  /** The 24 words, in order. */
  phrase(): Promise<readonly string[]>
  /**
   * "Did the user keep it": the words the user typed at the asked positions (1-based, at least
   * `MIN_CONFIRMED_WORDS`). True when all match; then `backupDue` turns false and the seed is wiped.
   */
  confirmPhrase(answers: PhraseAnswers): Promise<boolean>
  /** The backup file (passphrase-sealed), as bytes to save. */
  file(passphrase: string): Promise<Uint8Array>
  /** The backup file as text for a QR code (`tessera-backup:1:<base64url>`). */
  qrText(passphrase: string): Promise<string>
  /** Marks the backup kept after the user saved the file or QR (wipes the seed). */
  confirmFile(): Promise<void>
}

/** Position (1-based) → the word the user typed there. */
export type PhraseAnswers = Readonly<Record<number, string>>

export type SignerWallet = {
  state(): WalletState
  on: Emitter<WalletEvents>['on']
  off: Emitter<WalletEvents>['off']
  /** Exchanges the proof with the co-signer; comes back `needsOnboarding` or `ready`. */
  login(proof: LoginProof): Promise<WalletState>
  /** DKG of both keys with progress; resumes a key already made, never makes a second one. */
  onboard(options?: {
    readonly onProgress?: (progress: OnboardProgress) => void
    readonly signal?: AbortSignal
  }): Promise<WalletState>
  /** The backup of the current epoch while it is due and this session made it; else undefined. */
  backup(): BackupMaterial | undefined
  /**
   * Recovery on a new device (an empty vault, after login): the backup and the co-signer give the
   * device a new share of each key at epoch e+1; the backup's share is used inside the engine for
   * that run only, and its new share is sealed to a fresh phrase, offered at once (`backupDue`).
   * The same addresses; the lost device's share is refused by the co-signer from then on.
   */
  recover(options: RecoverOptions): Promise<WalletState>
  /**
   * Proactive refresh to epoch e+1 with a fresh backup phrase (the old phrase and file no longer
   * combine: `BackupOutdated`); `backupDue` turns true and `backup()` offers the new one.
   */
  refresh(options?: {
    readonly onProgress?: (progress: RotationProgress) => void
  }): Promise<WalletState>
  /**
   * The FULL private key of one key (secp256k1 by default), for a user leaving Tessera: only with
   * the exact sentence (`EXPORT_CONFIRMATION` of @tessera/mpc/dangerous) and only if the
   * co-signer's policy for this identity allows `export` now (it audits the release).
   */
  exportPrivateKey(options: {
    readonly confirm: string
    readonly curve?: 'secp256k1' | 'ed25519'
    /**
     * The account whose key to export (its child key at `m/0/<account>`, the key its addresses
     * belong to); without it, the root key the accounts derive from.
     */
    readonly account?: number
  }): Promise<Uint8Array>
  /**
   * Sets (`current` omitted, on a vault without one) or changes the vault's passcode: the vault
   * re-wraps its data key, the shares never leave it. `WeakPasscodeError` for a weak `next`
   * (checked before anything crosses), `WrongPasscodeError` for a wrong `current`,
   * `PasscodeRequiredError` when `current` is missing, WalletError `Unsupported` without
   * `options.vault`. Any state: the passcode guards the vault, not the session.
   */
  changePasscode(input: { readonly current?: string; readonly next: string }): Promise<void>
  /** Account `index` (public data: addresses on every chain). Needs the ready state. */
  account(index: number): Account
  /** Signing per account index, each result verified (needs the ready state). */
  readonly signer: WalletSigner
  /** The warm presignature pool of the secp256k1 accounts. */
  readonly presignatures: WalletPresignatures
  /** The current co-signer session, renewed through the platform's login when near expiry. */
  session(): Promise<CosignerSession>
  /** Forgets the session (not the share, not the keys): back to `signedOut`. */
  logout(): Promise<void>
  /** Stops timers; the wallet refuses calls afterwards. */
  close(): void
}

export type { WalletBackup }
