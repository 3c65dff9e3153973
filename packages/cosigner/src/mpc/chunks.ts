/**
 * Chunking of the MPC channel's messages (SESSION.md "Signer ↔ co-signer"): a round message
 * larger than one Noise message (DKLs23 round 2 is about 132 KB) travels as `parts` frames with
 * the same sid, protocol and round, `part` counting from 0. Reassembly is strictly ordered per
 * sub-stream, bounded in total size (WIRE.maxMessageBytes) and in concurrent messages, and every
 * deviation is a precise FrameError: a gap is `OutOfOrder`, a repeat `DuplicateChunk`, too many
 * bytes or chunks `TooLarge`, a chunk disagreeing with its message's first chunk `Malformed`.
 * Holds payload bytes only until the message is complete or refused; never logs them.
 */
import { concat } from '../bytes.ts'
import { type Frame, FrameError, MAX_PARTS, WIRE } from './frames.ts'

/** Splits one logical frame into the frames that go on the wire (itself when it fits). */
export function splitFrame(frame: Frame, chunkBytes: number = WIRE.chunkBytes): Frame[] {
  if (frame.payload.length <= chunkBytes) return [frame]
  const parts = Math.ceil(frame.payload.length / chunkBytes)
  if (frame.payload.length > WIRE.maxMessageBytes || parts > MAX_PARTS) {
    throw new FrameError(
      'TooLarge',
      `a ${frame.payload.length}-byte message exceeds the ${WIRE.maxMessageBytes}-byte limit`,
    )
  }
  return Array.from({ length: parts }, (_, part) => ({
    ...frame,
    part,
    parts,
    payload: frame.payload.subarray(part * chunkBytes, (part + 1) * chunkBytes),
  }))
}

interface Assembly {
  readonly protocol: string
  readonly round: number
  readonly keyId: string | undefined
  readonly parts: number
  readonly pieces: Uint8Array[]
  size: number
}

export interface ReassemblerLimits {
  readonly maxMessageBytes: number
  /** Messages being reassembled at once (one per sub-stream at most). */
  readonly maxPending: number
}

const short = (sid: string) => `${sid.slice(0, 16)}…`

export function createReassembler(
  limits: ReassemblerLimits = { maxMessageBytes: WIRE.maxMessageBytes, maxPending: 8 },
) {
  const pending = new Map<string, Assembly>()
  const maxParts = Math.ceil(limits.maxMessageBytes / WIRE.chunkBytes)
  return {
    /**
     * Takes one frame; returns the complete message when this frame finishes one (an unchunked
     * frame is complete by itself), undefined while chunks are missing. Throws FrameError, after
     * which the sid's partial message is dropped.
     */
    accept(frame: Frame): Frame | undefined {
      const open = pending.get(frame.sid)
      if (frame.parts === undefined || frame.part === undefined) {
        if (open !== undefined) {
          pending.delete(frame.sid)
          throw new FrameError(
            'OutOfOrder',
            `sub-stream ${short(frame.sid)} is in the middle of a ${open.parts}-chunk round ${open.round} message (chunk ${open.pieces.length + 1} expected), got an unchunked frame`,
          )
        }
        return frame
      }
      const { part, parts } = frame
      if (open === undefined) {
        if (parts > maxParts) {
          throw new FrameError(
            'TooLarge',
            `a message of ${parts} chunks exceeds the limit of ${maxParts} chunks (${limits.maxMessageBytes} bytes)`,
          )
        }
        if (part !== 0) {
          throw new FrameError(
            'OutOfOrder',
            `chunk ${part + 1} of ${parts} arrived before chunk 1 of round ${frame.round}`,
          )
        }
        if (pending.size >= limits.maxPending) {
          throw new FrameError(
            'TooManyStreams',
            `at most ${limits.maxPending} chunked messages may be in flight at once`,
          )
        }
      }
      const assembly: Assembly = open ?? {
        protocol: frame.protocol,
        round: frame.round,
        keyId: frame.keyId,
        parts,
        pieces: [],
        size: 0,
      }
      const fail = (error: FrameError): never => {
        pending.delete(frame.sid)
        throw error
      }
      if (
        open !== undefined &&
        (frame.protocol !== open.protocol ||
          frame.round !== open.round ||
          frame.keyId !== open.keyId ||
          parts !== open.parts)
      ) {
        fail(
          new FrameError(
            'Malformed',
            `chunk ${part + 1} says ${frame.protocol} round ${frame.round} in ${parts} chunks, its message began as ${open.protocol} round ${open.round} in ${open.parts} chunks`,
          ),
        )
      }
      const next = assembly.pieces.length
      if (part < next)
        fail(new FrameError('DuplicateChunk', `chunk ${part + 1} of ${parts} arrived twice`))
      if (part > next)
        fail(
          new FrameError(
            'OutOfOrder',
            `chunk ${part + 1} of ${parts} arrived, expected chunk ${next + 1}`,
          ),
        )
      if (frame.payload.length === 0)
        fail(new FrameError('Malformed', `chunk ${part + 1} of ${parts} is empty`))
      assembly.size += frame.payload.length
      if (assembly.size > limits.maxMessageBytes)
        fail(
          new FrameError(
            'TooLarge',
            `the round ${frame.round} message passed ${limits.maxMessageBytes} bytes at chunk ${part + 1} of ${parts}`,
          ),
        )
      assembly.pieces.push(frame.payload.slice())
      if (assembly.pieces.length < parts) {
        pending.set(frame.sid, assembly)
        return undefined
      }
      pending.delete(frame.sid)
      return {
        sid: frame.sid,
        protocol: assembly.protocol,
        round: assembly.round,
        ...(assembly.keyId === undefined ? {} : { keyId: assembly.keyId }),
        payload: concat(...assembly.pieces),
      }
    },
    /** Drops a sub-stream's partial message (the stream ended). */
    drop(sid: string) {
      pending.delete(sid)
    },
    get pending() {
      return pending.size
    },
  }
}
