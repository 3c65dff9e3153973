/**
 * What the app needs from the engine, in the app's own shapes (types.ts): the wallet (contract §2,
 * `createSignerWallet`) and the dapp connections with their request inbox (contract §3,
 * `createDappConnections`). `createBackend` (real.ts) builds it on the real packages; component
 * tests build a small stand-in. Every method may reject; the caller explains the error (explain.ts).
 */
import type { LoginProof, ResumableRequest } from '@tessera/signer'
import type {
  BackupMaterial,
  InboxView,
  OnboardingProgress,
  SessionView,
  WalletMaintenance,
  WalletView,
} from './types.ts'

/**
 * Recovery, refresh, export and the passcode (`WalletMaintenance`, types.ts) are optional: a
 * backend without them (a component test's stand-in) gets "not available"; the real backend has
 * them and rejects with `NotAvailableError` where the engine lacks the method.
 */
export type Backend = Partial<WalletMaintenance> & {
  /**
   * Loads persisted state (a reload comes back `ready` without login while the session lasts).
   * `passcode` is the one the person typed when the vault has one (else WrongPasscodeError /
   * PasscodeRequiredError, by name).
   */
  start(passcode?: string): Promise<void>
  wallet(): WalletView
  login(proof: LoginProof): Promise<void>
  onboard(onProgress: (progress: OnboardingProgress) => void): Promise<void>
  /** The backup material while a backup is due and this session made the key. */
  backup(): BackupMaterial | undefined
  logout(): Promise<void>
  /** Pairs with a `tessera:` URI, or a `wc:` URI through WalletConnect wallet mode. */
  pair(uri: string): Promise<SessionView>
  sessions(): readonly SessionView[]
  rename(id: string, name: string): Promise<void>
  end(id: string): Promise<void>
  inbox(): readonly InboxView[]
  /**
   * WeChat SOTER through the co-signer (docs/AUTH.md#soter-biometrics) for the logged-in WeChat
   * session: a challenge bound to the identity and a purpose, and the verification of the
   * phone's answer, which lets one signing run of that purpose through `requireSoter`.
   */
  readonly soter?: {
    challenge(purpose: string): Promise<{ readonly challenge: string; readonly expiresAt: number }>
    verify(answer: {
      readonly purpose: string
      readonly resultJSON: string
      readonly resultJSONSignature: string
    }): Promise<void>
  }
  /** Queues again a dapp request kept across a page reload; resolves once the dapp is answered. */
  resume?(kept: ResumableRequest): Promise<void>
  /** Called on every change of wallet, sessions or inbox. */
  onChange(listener: () => void): () => void
}
