/**
 * DKG wire payloads and the per-party state (docs/THRESHOLD.md#dkg). Payloads are plain objects of
 * Uint8Array and numbers (structured-clone serialisable). The state holds secrets (polynomial
 * coefficients, zero-seed contributions) as Uint8Array so `cleanDkg` can wipe them; it must never
 * be sent or logged.
 */
import type {
  PairBootMessage1,
  PairBootMessage2,
  PairBootReceiverState,
  PairBootSenderState,
} from '../dkls23/pairBootstrap.ts'
import type { PairOtState } from '../dkls23/pairState.ts'
import type { CurveName } from '../encoding/curve.ts'
import type { Rng } from '../encoding/random.ts'
import type { Echo } from './echo.ts'
import type { Envelope } from './envelope.ts'

export type DkgProgress = {
  readonly step: 1 | 2 | 3 | 4 | 5
  readonly of: 5
  readonly phase: 'nonce' | 'commit' | 'reveal' | 'confirm' | 'done'
}

export type OfflineParty = {
  readonly index: number
  /** The offline party's X25519 public key; its share is ECIES-encrypted to it. */
  readonly encryptionKey: Uint8Array
}

export type DkgOptions = {
  readonly curve: CurveName
  readonly keyId: string
  readonly epoch?: number
  readonly t: number
  readonly n: number
  /** Our index (one of `online`). */
  readonly index: number
  /** Indices of the parties running the DKG now (at least 2). */
  readonly online: readonly number[]
  /** Parties that are offline (the backup): every index of [1, n] not online, with its key. */
  readonly offline?: readonly OfflineParty[]
  /**
   * secp256k1: run the pairwise OT setup for each online pair inside the DKG rounds
   * (docs/THRESHOLD.md#dkg; default true; the bootstrapped setup, one base-OT batch per pair). Every online party must pass the same value. `false`
   * leaves the pair setup to the standalone `startPairSetup` protocol (for callers that run it
   * separately).
   */
  readonly pairSetup?: boolean
  readonly onProgress?: (progress: DkgProgress) => void
  /** Test-only deterministic randomness; production uses crypto.getRandomValues. */
  readonly rng?: Rng
}

/** Schnorr proof of knowledge of a_i0, bound to (sid, i). */
export type PokProof = { readonly R: Uint8Array; readonly z: Uint8Array }

export type BackupDealing = { readonly to: number; readonly ciphertext: Uint8Array }

/** The broadcast a dealer commits to in round 2 and opens in round 3. */
export type RevealPackage = {
  /** Feldman commitments a_i0·G … a_i(t-1)·G. */
  readonly commitments: readonly Uint8Array[]
  readonly proof: PokProof
  /** 32-byte chain-code contribution. */
  readonly chainCode: Uint8Array
  /** f_i(k) (and the zero-seed contribution on secp256k1) encrypted to each offline party. */
  readonly backups: readonly BackupDealing[]
}

/**
 * The version of the pair setup a DKG runs inside its rounds (docs/THRESHOLD.md#dkg). 2: the
 * bootstrapped setup (`../dkls23/pairBootstrap.ts`, fields `pairChoice`, `pairAnswer`,
 * `pairCorrection`); builds before it ran two base-OT batches per pair (`pairSetup`, `pairReply`)
 * and sent no version.
 */
export const DKG_PAIR_SETUP_VERSION = 2

export type DkgRound1Payload = {
  readonly nonce: Uint8Array
  /** With the pair setup (secp256k1): DKG_PAIR_SETUP_VERSION, checked before any other round. */
  readonly pairSetupVersion?: number
}
export type DkgRound2Payload = {
  readonly commit: Uint8Array
  /** secp256k1 only: commitment to the pairwise zero-seed contribution. */
  readonly zeroCommit?: Uint8Array
  /** Pair setup, from the lower index to the higher: the base-OT choices (message 1). */
  readonly pairChoice?: PairBootMessage1
}
export type DkgRound3Payload = {
  readonly reveal: RevealPackage
  /** f_i(j) for the recipient j (confidential: the transport encrypts end to end). */
  readonly share: Uint8Array
  readonly zeroSeed?: Uint8Array
  /** Pair setup, from the higher index to the lower: reply, correction, extension (message 2). */
  readonly pairAnswer?: PairBootMessage2
  /** Echo of the round-2 commitments. */
  readonly echo: Echo
}
export type DkgRound4Payload = {
  /** Echo of the round-3 reveals. */
  readonly echo: Echo
  /** H("dkg/ok", sid, PK, X_1..X_n, cc). */
  readonly ok: Uint8Array
  /** Pair setup, from the lower index to the higher: direction 2's correction (message 3). */
  readonly pairCorrection?: Uint8Array
}

export type DkgMessage =
  | Envelope<DkgRound1Payload>
  | Envelope<DkgRound2Payload>
  | Envelope<DkgRound3Payload>
  | Envelope<DkgRound4Payload>

export type DkgConfig = {
  readonly curve: CurveName
  readonly keyId: string
  readonly epoch: number
  readonly t: number
  readonly n: number
  readonly index: number
  readonly online: readonly number[]
  readonly offline: readonly OfflineParty[]
  /** Whether the pairwise OT setup runs inside this DKG (secp256k1 only). */
  readonly pairSetup: boolean
}

/** Secret per-party state; `step` is the next round function allowed to run. */
export type DkgState = {
  step: 2 | 3 | 4 | 5 | 'done' | 'failed'
  readonly config: DkgConfig
  readonly rng: Rng | undefined
  readonly onProgress: ((progress: DkgProgress) => void) | undefined
  readonly nonce: Uint8Array
  sid?: Uint8Array
  nonces?: Uint8Array[]
  /** Encoded secret coefficients of f_i (wiped after round 4). */
  coefficients?: Uint8Array[]
  reveal?: RevealPackage
  /** Our zero-seed contributions r_ij to each online peer and offline party. */
  zeroOut?: Map<number, Uint8Array>
  commits?: Map<number, Uint8Array>
  zeroCommits?: Map<number, Uint8Array>
  echo2?: Echo
  reveals?: Map<number, RevealPackage>
  echo3?: Echo
  ok?: Uint8Array
  result?: { share: Uint8Array; zeroSeeds: Record<number, Uint8Array> }
  publicKey?: Uint8Array
  publicShares?: Uint8Array[]
  chainCode?: Uint8Array
  /**
   * secp256k1: the pair setup in flight with each online peer: as its lower index (A) from round 2
   * to 4, as its higher index (B) from round 3 to 5.
   */
  pairSetups?: Map<number, PairBootSenderState | PairBootReceiverState>
  /** secp256k1: the finished pair OT states, released by `dkgFinish` with the key share. */
  pairs?: Map<number, PairOtState>
}

/** Public record of a finished DKG: enough for an offline party to import and verify its share. */
export type DkgTranscript = {
  readonly curve: CurveName
  readonly keyId: string
  readonly epoch: number
  readonly t: number
  readonly n: number
  readonly online: readonly number[]
  readonly offline: readonly OfflineParty[]
  /** Round-1 nonces of the online parties in index order (the sid is recomputed from them). */
  readonly nonces: readonly Uint8Array[]
  /** Every dealer's opened round-3 package, online parties in index order. */
  readonly reveals: readonly RevealPackage[]
  /** The key the online parties confirmed (checked again on import). */
  readonly publicKey: Uint8Array
}
