/**
 * Wire payloads and per-party state of the re-share state machine that runs both proactive
 * refresh and recovery (docs/THRESHOLD.md#refresh-backup-recovery). Dealers hold shares and deal
 * zero-constant polynomials; an optional target (the lost device) holds nothing and receives its
 * new share as masked contributions; offline parties (the backup during a refresh) get their
 * deltas ECIES-encrypted inside the dealings. The state holds secrets (our share, deltas): it
 * must never be sent or logged.
 */
import type { Echo } from '../dkg/echo.ts'
import type { Envelope } from '../dkg/envelope.ts'
import type { KeyShare, PublicKeyState } from '../dkg/keyShare.ts'
import type { OfflineParty } from '../dkg/types.ts'
import type { Rng } from '../encoding/random.ts'
import type { PendingRefresh } from './refreshApply.ts'
import type { RefreshDealing } from './refreshDeal.ts'

export type ReshareProtocol = 'refresh' | 'recovery'

export type ReshareConfig = {
  readonly protocol: ReshareProtocol
  /** The public state at the old epoch, the same at every participant. */
  readonly record: PublicKeyState
  readonly index: number
  /** Parties holding shares at the old epoch that deal now (≥ t), sorted. */
  readonly dealers: readonly number[]
  /** The party receiving a new share without holding one (recovery), if any. */
  readonly target: number | undefined
  /** Every other index, with its X25519 key: it applies its deltas later from the transcript. */
  readonly offline: readonly OfflineParty[]
}

export type ReshareRound1Payload = { readonly nonce: Uint8Array; readonly state: Uint8Array }
export type ReshareRound2Payload = { readonly commit: Uint8Array }
export type ReshareRound3Payload = {
  readonly dealing: RefreshDealing
  /** g_j(k) to a dealer k; to the target c_j = λ_j(r)·x_j + g_j(r). Confidential. */
  readonly value: Uint8Array
  /** secp256k1 recovery only: the dealer's F_Zero seed contribution for the target. */
  readonly seed?: Uint8Array
  readonly echo: Echo
}
export type ReshareRound4Payload = { readonly echo: Echo; readonly ack: Uint8Array }

export type ReshareMessage =
  | Envelope<ReshareRound1Payload>
  | Envelope<ReshareRound2Payload>
  | Envelope<ReshareRound3Payload>
  | Envelope<ReshareRound4Payload>

/** Public record of a finished re-share: what an offline party needs to apply its deltas. */
export type ReshareTranscript = {
  readonly protocol: ReshareProtocol
  readonly keyId: string
  readonly epoch: number
  readonly dealers: readonly number[]
  readonly target: number | undefined
  readonly offline: readonly OfflineParty[]
  /** Round-1 nonces of every participant (dealers and target) in index order. */
  readonly nonces: readonly Uint8Array[]
  readonly dealings: readonly RefreshDealing[]
  /** The refreshed public state every participant acknowledged. */
  readonly ack: Uint8Array
}

/** Secret per-party state; `step` is the next round function allowed to run. */
export type ReshareState = {
  step: 2 | 3 | 4 | 5 | 'done' | 'failed'
  readonly config: ReshareConfig
  /** Our share at the old epoch (dealers only). */
  readonly share: KeyShare | undefined
  readonly rng: Rng | undefined
  readonly nonce: Uint8Array
  sid?: Uint8Array
  nonces?: Uint8Array[]
  dealing?: RefreshDealing
  /** g_i(k) for every k (dealers only). */
  deltas?: Map<number, Uint8Array>
  /** secp256k1 recovery: our zero-seed contribution for the target (dealers only). */
  seedOut?: Uint8Array
  commits?: Map<number, Uint8Array>
  echo2?: Echo
  dealings?: Map<number, RefreshDealing>
  echo3?: Echo
  /** The new share and its ack; a dealer persists it with its old share before sending round 4. */
  pending?: PendingRefresh
}
