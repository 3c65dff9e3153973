/**
 * Reassembly of chunked `/v1/mpc` messages (splitCosignerFrame.ts makes them). Strictly ordered
 * per sub-stream, bounded in total size and in messages in flight, and every deviation is a
 * precise CosignerFrameError: a gap is `OutOfOrder`, a repeat `DuplicateChunk`, too many bytes or
 * chunks `TooLarge`, too many messages at once `TooManyStreams`, a chunk disagreeing with its
 * message's first chunk or an empty chunk `Malformed`. Holds payload bytes only until the message
 * is complete or refused.
 */
import { concatBytes } from '@noble/hashes/utils.js'
import { CosignerFrameError } from './CosignerFrameError.ts'
import { COSIGNER_CHANNEL_RULES as RULES } from './rules.ts'
import type { CosignerDataFrame } from './types.ts'

interface Assembly {
  readonly protocol: string
  readonly round: number
  readonly keyId: string | undefined
  readonly parts: number
  readonly pieces: Uint8Array[]
  size: number
}

export interface CosignerReassemblerLimits {
  readonly maxMessageBytes: number
  /** Messages being reassembled at once (one per sub-stream at most). */
  readonly maxPending: number
}

export interface CosignerReassembler {
  /**
   * Takes one frame; returns the complete message when this frame finishes one (an unchunked
   * frame is complete by itself), undefined while chunks are missing. Throws
   * CosignerFrameError, after which the sid's partial message is dropped.
   */
  accept(frame: CosignerDataFrame): CosignerDataFrame | undefined
  /** Drops a sub-stream's partial message (the stream ended). */
  drop(sid: string): void
  readonly pending: number
}

const short = (sid: string) => `${sid.slice(0, 16)}…`

export function createCosignerReassembler(
  limits: CosignerReassemblerLimits = {
    maxMessageBytes: RULES.maxMessageBytes,
    maxPending: RULES.maxStreams,
  },
): CosignerReassembler {
  const pending = new Map<string, Assembly>()
  const maxParts = Math.ceil(limits.maxMessageBytes / RULES.chunkBytes)
  const fail = (sid: string, code: CosignerFrameError['code'], message: string): never => {
    pending.delete(sid)
    throw new CosignerFrameError(code, message)
  }
  return {
    accept(frame) {
      const open = pending.get(frame.sid)
      if (frame.parts === undefined || frame.part === undefined) {
        if (open !== undefined)
          fail(
            frame.sid,
            'OutOfOrder',
            `sub-stream ${short(frame.sid)} is in the middle of a ${open.parts}-chunk round ${open.round} message (chunk ${open.pieces.length + 1} expected), got an unchunked frame`,
          )
        return frame
      }
      const { part, parts } = frame
      if (open === undefined) {
        if (parts > maxParts)
          throw new CosignerFrameError(
            'TooLarge',
            `a message of ${parts} chunks exceeds the limit of ${maxParts} chunks (${limits.maxMessageBytes} bytes)`,
          )
        if (part !== 0)
          throw new CosignerFrameError(
            'OutOfOrder',
            `chunk ${part + 1} of ${parts} arrived before chunk 1 of round ${frame.round}`,
          )
        if (pending.size >= limits.maxPending)
          throw new CosignerFrameError(
            'TooManyStreams',
            `at most ${limits.maxPending} chunked messages may be in flight at once`,
          )
      } else if (
        frame.protocol !== open.protocol ||
        frame.round !== open.round ||
        frame.keyId !== open.keyId ||
        parts !== open.parts
      ) {
        fail(
          frame.sid,
          'Malformed',
          `chunk ${part + 1} says ${frame.protocol} round ${frame.round} in ${parts} chunks, its message began as ${open.protocol} round ${open.round} in ${open.parts} chunks`,
        )
      }
      const assembly: Assembly = open ?? {
        protocol: frame.protocol,
        round: frame.round,
        keyId: frame.keyId,
        parts,
        pieces: [],
        size: 0,
      }
      const next = assembly.pieces.length
      if (part < next)
        fail(frame.sid, 'DuplicateChunk', `chunk ${part + 1} of ${parts} arrived twice`)
      if (part > next)
        fail(
          frame.sid,
          'OutOfOrder',
          `chunk ${part + 1} of ${parts} arrived, expected chunk ${next + 1}`,
        )
      if (frame.payload.length === 0)
        fail(frame.sid, 'Malformed', `chunk ${part + 1} of ${parts} is empty`)
      assembly.size += frame.payload.length
      if (assembly.size > limits.maxMessageBytes)
        fail(
          frame.sid,
          'TooLarge',
          `the round ${frame.round} message passed ${limits.maxMessageBytes} bytes at chunk ${part + 1} of ${parts}`,
        )
      assembly.pieces.push(frame.payload.slice())
      if (assembly.pieces.length < parts) {
        pending.set(frame.sid, assembly)
        return undefined
      }
      pending.delete(frame.sid)
      return {
        type: 'data',
        sid: frame.sid,
        protocol: assembly.protocol,
        round: assembly.round,
        ...(assembly.keyId === undefined ? {} : { keyId: assembly.keyId }),
        payload: concatBytes(...assembly.pieces),
      }
    },
    drop(sid) {
      pending.delete(sid)
    },
    get pending() {
      return pending.size
    },
  }
}
