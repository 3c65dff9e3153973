/**
 * What the wallet engine needs from the co-signer (party 2), in one place so the real client
 * (`@tessera/cosigner-client`: login exchange, Noise IK to the pinned co-signer key, one typed
 * function per MPC run) can be wired in by implementing this interface. Every call carries the
 * session from `login`; every payload is mpc's own message type, so the device side stays the
 * same whatever the transport. The co-signer enforces policy on `request` (what is being signed,
 * as the user approved it) and may refuse; a refusal is a rejected promise.
 *
 * Round trips per run, device-driven:
 * - DKG: `open` (channel keys) → `step` with our round messages, until both sides are done →
 *   `stored` once the device holds its share (the co-signer activates the key only then).
 * - DKLs23: `open` (our session nonce → its nonce and round 1) → `finish` (our rounds 1–2 → its
 *   rounds 2–3, its w_i released only after it checked our round 2); the device combines and
 *   verifies → `complete` with our (u, w), so the co-signer can check and audit the signature.
 * - FROST: `open` (our commitment → its commitment, its nonces stored) → `finish` (our signature
 *   share → the aggregate, which the co-signer verified under the child key; its nonces
 *   consumed). The co-signer never releases its share alone; the device verifies the signature
 *   under the child key it expects before returning it.
 * - Presignatures: `presign.open` (our nonce → its nonce and round 1) → `presign.finish` (our
 *   rounds 1–2 → its round 2 and the presignature id, the same on both sides); later
 *   `presign.sign` (the id, the digest and its request → its (u, w)): one round trip, the device
 *   combines and verifies. The co-signer consumes its half in its database before releasing w.
 * - Key lifecycle (`lifecycle`, optional: a link without it cannot recover, refresh or export):
 *   refresh and recovery as the co-signer's five-step re-share (`reshare.open` → `round1`
 *   (our step 1 → its steps 1–2) → `round2` (our steps 2–3 → its steps 3–4) → `round3` (our
 *   step 4 → the new epoch and public key; the co-signer switches)), the DKLs23 OT setup that
 *   follows them, the key's public record, the backup envelope the co-signer keeps for a new
 *   device (public ciphertext), and the audited, policy-gated full-key export.
 */
import type {
  CurveName,
  DkgMessage,
  FrostCommitment,
  FrostSignatureShare,
  OfflineParty,
  PairSetupMessage1,
  PairSetupMessage2,
  PublicKeyState,
  ReshareMessage,
  SignMessage,
} from '@tessera/mpc'
import type { LoginProof } from '../platform/types.ts'

/** The co-signer's session: an opaque bearer for the link, with its expiry (ms since epoch). */
export type CosignerSession = {
  readonly token: string
  readonly expiresAt: number
  /** The login identity (`wechat:<appid>:<openid>`, …), as the co-signer keys shares by it. */
  readonly subject: string
}

/**
 * What is being signed, for the co-signer's policy and audit (never the only thing checked).
 * `origin`: the canonical origin of the dapp session that asked (absent for the wallet's own
 * actions); the co-signer applies that dapp's policy by it (docs/COSIGNER.md#whose-rules-apply).
 */
export type SigningContext = { readonly origin?: string } & (
  | {
      readonly kind: 'personal_sign'
      readonly chain: 'evm' | 'conflux'
      /** The message as shown (UTF-8 text, or a rendering of raw bytes). */
      readonly message: string
      /** The exact bytes signed, hex, when they are not `message` as UTF-8 (EIP-191 `{ raw }`). */
      readonly raw?: `0x${string}`
    }
  | { readonly kind: 'typed_data'; readonly chain: 'evm' | 'conflux'; readonly typedData: string }
  | {
      readonly kind: 'transaction'
      readonly chain: 'evm' | 'conflux' | 'bitcoin' | 'ton'
      readonly serialized: string
    }
  | {
      readonly kind: 'solana'
      /** The signed bytes, hex. */
      readonly message: string
      /**
       * What they are, for the co-signer's policy: a text message (the default) or a transaction
       * message on the CAIP-2 `chainId` it names (docs/COSIGNER.md#policy).
       */
      readonly form?: 'message' | 'transaction'
      readonly chainId?: string
    }
)

export type DkgOpenRequest = {
  readonly curve: CurveName
  readonly keyId: string
  readonly t: number
  readonly n: number
  readonly offline: readonly OfflineParty[]
  /** Our X25519 channel key: the co-signer seals its round-3 private values to it. */
  readonly channelKey: Uint8Array
}

export type EcdsaOpenRequest = {
  readonly keyId: string
  /** The key's epoch (changes on refresh); the co-signer signs with that epoch's share only. */
  readonly epoch: number
  readonly path: string
  readonly messageHash: Uint8Array
  readonly nonce: Uint8Array
  readonly context: SigningContext
}

export type FrostRequest = {
  readonly keyId: string
  readonly epoch: number
  readonly path: string
  readonly message: Uint8Array
  readonly commitment: FrostCommitment
  readonly context: SigningContext
}

export type ReshareOpenRequest = {
  readonly protocol: 'refresh' | 'recovery'
  readonly keyId: string
  /** The key's current epoch (the run moves it to epoch + 1). */
  readonly epoch: number
  /** The backup's new X25519 key (a new backup phrase), recorded for the new epoch. */
  readonly backupKey?: Uint8Array
}

/** A backup envelope as the co-signer keeps it: opaque public bytes of one key and epoch. */
export type BackupEnvelopeRecord = { readonly epoch: number; readonly envelope: Uint8Array }

export interface KeyLifecycleLink {
  readonly reshare: {
    open(session: CosignerSession, request: ReshareOpenRequest): Promise<{ readonly run: string }>
    round1(
      session: CosignerSession,
      run: string,
      messages: readonly ReshareMessage[],
    ): Promise<readonly ReshareMessage[]>
    round2(
      session: CosignerSession,
      run: string,
      messages: readonly ReshareMessage[],
    ): Promise<readonly ReshareMessage[]>
    /** Our last acks; the co-signer switches to the new epoch; ends the run. */
    round3(
      session: CosignerSession,
      run: string,
      messages: readonly ReshareMessage[],
    ): Promise<{ readonly epoch: number; readonly publicKey: Uint8Array }>
    abort(run: string): void
  }
  readonly otSetup: {
    /** Opens the run; `sid` binds the pair setup (the engine's `startPairSetup` takes it). */
    open(
      session: CosignerSession,
      keyId: string,
    ): Promise<{ readonly run: string; readonly sid: Uint8Array }>
    first(
      session: CosignerSession,
      run: string,
      request: { readonly epoch: number; readonly message: PairSetupMessage1 },
    ): Promise<{ readonly message: PairSetupMessage1; readonly reply: PairSetupMessage2 }>
    /** Our answer to its first message; ends the run. */
    finish(session: CosignerSession, run: string, reply: PairSetupMessage2): Promise<void>
    abort(run: string): void
  }
  /** The co-signer's public record of the identity's active key `keyId` (public data). */
  record(
    session: CosignerSession,
    keyId: string,
  ): Promise<PublicKeyState & { readonly backupKey: Uint8Array | undefined }>
  readonly backupEnvelope: {
    get(session: CosignerSession, keyId: string): Promise<BackupEnvelopeRecord | undefined>
    put(session: CosignerSession, keyId: string, record: BackupEnvelopeRecord): Promise<void>
  }
  /**
   * The co-signer's share scalar of `keyId` at `epoch`, released only for an export its policy
   * allows, with the exact confirmation sentence; audited by the co-signer.
   */
  exportShare(
    session: CosignerSession,
    request: { readonly keyId: string; readonly epoch: number; readonly confirmation: string },
  ): Promise<Uint8Array>
}

/**
 * SOTER biometrics as a second factor (docs/AUTH.md#soter-biometrics), for WeChat sessions: a
 * challenge bound to the session's identity and a purpose (`digest:<64 hex>` of the request a run
 * will sign, or `action:<name>`), and the verification of the phone's signed answer, after which
 * one run of that purpose passes a `requireSoter` policy.
 */
export interface SoterLink {
  challenge(
    session: CosignerSession,
    purpose: string,
  ): Promise<{ readonly challenge: string; readonly purpose: string; readonly expiresAt: number }>
  verify(
    session: CosignerSession,
    answer: {
      readonly purpose: string
      readonly resultJSON: string
      readonly resultJSONSignature: string
    },
  ): Promise<{ readonly purpose: string; readonly expiresAt: number }>
}

/** The SOTER purpose of a signing run over `digest`. */
export const soterDigestPurpose = (digest: Uint8Array): string =>
  `digest:${Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')}`

/**
 * True for the co-signer's refusal of a run for want of a fresh SOTER verification (policy rule
 * `requireSoter`): the app asks for a fingerprint or face (`SoterLink`) and runs again.
 */
export function isSoterRequired(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const { code, message } = error as { code?: unknown; message?: unknown }
  return (
    code === 'PolicyDenied' &&
    typeof message === 'string' &&
    message.includes('policy rule "requireSoter"')
  )
}

export interface CosignerLink {
  /** Refresh, recovery, OT setup, backup envelopes and export; absent on links that lack them. */
  readonly lifecycle?: KeyLifecycleLink
  /** SOTER second factor (WeChat sessions); absent on links that lack it. */
  readonly soter?: SoterLink
  login(proof: LoginProof): Promise<CosignerSession>
  /**
   * Closes the co-signer connections the link keeps between runs (logout, teardown); runs still
   * on them fail, later runs connect again. Absent on links that keep none.
   */
  close?(): void
  readonly dkg: {
    open(
      session: CosignerSession,
      request: DkgOpenRequest,
    ): Promise<{
      readonly run: string
      /**
       * The co-signer's X25519 channel key for round-3 private values; absent when the link is
       * itself an end-to-end channel to the co-signer (Noise IK), so the values travel inside it.
       */
      readonly channelKey?: Uint8Array
    }>
    step(
      session: CosignerSession,
      run: string,
      messages: readonly DkgMessage[],
    ): Promise<{ readonly done: boolean; readonly messages: readonly DkgMessage[] }>
    /** The device finished with `publicKey` and stored its share; ends the run. */
    stored(session: CosignerSession, run: string, publicKey: Uint8Array): Promise<void>
    /** Ends a run the device gave up on (its transport released); unknown runs are ignored. */
    abort(run: string): void
  }
  readonly sign: {
    open(
      session: CosignerSession,
      request: EcdsaOpenRequest,
    ): Promise<{
      readonly run: string
      readonly nonce: Uint8Array
      readonly round1: readonly SignMessage[]
    }>
    finish(
      session: CosignerSession,
      run: string,
      ours: { readonly round1: readonly SignMessage[]; readonly round2: readonly SignMessage[] },
    ): Promise<{ readonly round2: readonly SignMessage[]; readonly round3: readonly SignMessage[] }>
    /** Our (u, w), after the device combined and verified; ends the run. */
    complete(session: CosignerSession, run: string, round3: readonly SignMessage[]): Promise<void>
    /** Ends a run the device gave up on; unknown runs are ignored. */
    abort(run: string): void
  }
  readonly presign: {
    open(
      session: CosignerSession,
      request: {
        readonly keyId: string
        readonly epoch: number
        readonly path: string
        readonly nonce: Uint8Array
      },
    ): Promise<{
      readonly run: string
      readonly nonce: Uint8Array
      readonly round1: readonly SignMessage[]
    }>
    /** Our rounds 1–2 → its round 2 and the presignature's id; ends the run. */
    finish(
      session: CosignerSession,
      run: string,
      ours: { readonly round1: readonly SignMessage[]; readonly round2: readonly SignMessage[] },
    ): Promise<{ readonly round2: readonly SignMessage[]; readonly presignature: string }>
    /** Ends a run the device gave up on; unknown runs are ignored. */
    abort(run: string): void
    /** One round trip: the co-signer's (u, w) for `messageHash` with presignature `presignature`. */
    sign(
      session: CosignerSession,
      request: Omit<EcdsaOpenRequest, 'nonce'> & { readonly presignature: string },
    ): Promise<readonly SignMessage[]>
  }
  readonly frost: {
    open(
      session: CosignerSession,
      request: FrostRequest,
    ): Promise<{ readonly run: string; readonly commitment: FrostCommitment }>
    /** Our signature share → the aggregated 64-byte signature; ends the run. */
    finish(session: CosignerSession, run: string, share: FrostSignatureShare): Promise<Uint8Array>
    /** Ends a run the device gave up on; unknown runs are ignored. */
    abort(run: string): void
  }
}
