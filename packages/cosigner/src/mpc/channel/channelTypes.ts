/**
 * The shapes the MPC channel's files share: the socket it writes to, what the server gives it,
 * and one sub-stream's state. No database, policy or audit here: those belong to the party.
 */
import type { KeyPair } from '@tessera/noise'
import type { CosignerDataFrame } from '@tessera/protocol/cosigner'
import type { Session } from '../../jwt/sessionToken.ts'
import type { Logger } from '../../log.ts'
import type { Metrics } from '../../metrics.ts'
import type { MpcOpenRun, MpcParty } from '../mpcParty.ts'

export type Frame = CosignerDataFrame

/** Where an answer or error frame goes: its sub-stream and, when known, protocol and round. */
export type Where = { sid: string; protocol?: string; round?: number }

export interface ChannelIo {
  send(bytes: Uint8Array): void
  close(code: number, reason: string): void
}

export interface ChannelDeps {
  staticKey: KeyPair
  verifyToken(token: string): Promise<Session>
  party: MpcParty
  now: () => number
  roundTimeoutMs: number
  maxStreams: number
  log: Logger
  metrics: Metrics
  /** Deadlines and budgets of the socket; none when absent (in-memory test drivers). */
  limits?: ChannelLimits
}

export interface ChannelLimits {
  /** From the channel's creation to a sent message 2. */
  handshakeTimeoutMs: number
  /** From a chunked message's first chunk to its last. */
  partialTimeoutMs: number
  /** Bytes of unfinished chunked messages this channel may hold. */
  partialBytesPerConnection: number
  /** Bytes of unfinished chunked messages held by every channel of the process (shared). */
  partialBytes: { used: number; readonly max: number }
  /** Claims a channel slot of the identity: its release, or undefined when it has none left. */
  claimIdentity?(identity: string): Promise<(() => void) | undefined>
}

export interface Stream {
  protocol: string
  keyId: string | undefined
  expectedRound: number
  busy: boolean
  /** Set once the party opened the run (after its key lock, for a share-changing protocol). */
  run: MpcOpenRun | undefined
  /** Why the stream ended, once it did (a run opened after that is aborted with it). */
  ended: string | undefined
  controller: AbortController
  timer: ReturnType<typeof setTimeout> | undefined
  /** The step in flight; settles (never rejects) when its answer or error was sent. */
  stepping: Promise<void> | undefined
}
