/**
 * The frames of the `/v1/mpc` channel, as values. On the wire every frame is a binary header and
 * then, for a data frame, its raw payload (encodeCosignerFrame.ts has the layout).
 */
import type { CosignerErrorCode } from './rules.ts'

/** One round message of a sub-stream (or one chunk of it). */
export interface CosignerDataFrame {
  readonly type: 'data'
  /** The sub-stream id: 32 bytes as lowercase hex, fresh per run, never reused. */
  readonly sid: string
  readonly protocol: string
  /** 1..255. */
  readonly round: number
  /** On a stream's first frame for runs that act on a stored key. */
  readonly keyId?: string
  /** Chunk index (0-based) and count, on every chunk of a message sent in several. */
  readonly part?: number
  readonly parts?: number
  readonly payload: Uint8Array
}

/** What went wrong, as fields: never flattened into the message. */
export interface CosignerErrorBody {
  readonly code: CosignerErrorCode
  readonly message: string
  /** The @tessera/mpc error kind when a protocol check failed (`Abort`, `Ban`…). */
  readonly kind?: string
  /** The party index the failure is attributed to, when there is one. */
  readonly culprit?: number
}

/** The co-signer's refusal of a sub-stream (or of a frame before any stream). */
export interface CosignerErrorFrame {
  readonly type: 'error'
  readonly sid: string
  readonly protocol?: string
  readonly round?: number
  readonly error: CosignerErrorBody
}

export type CosignerFrame = CosignerDataFrame | CosignerErrorFrame
