/**
 * Test utility: the fuzz test's oracle for one `/v1/mpc` connection — a model of the documented
 * channel rules (SESSION.md "Signer ↔ co-signer", README "The MPC channel") that predicts, for
 * each frame, whether the co-signer closes the socket, answers at once with an error (which
 * code), stays silent (a chunk of a message still incomplete) or starts a run whose answer comes
 * later. Exact as long as the signer waits for every outstanding answer before its next frame.
 * Chunk reassembly uses the real reassembler: its own refusals are tested in chunks.test.ts.
 */

import { createReassembler } from '../mpc/chunks.ts'
import {
  clipUtf8,
  decodeFrame,
  type ErrorCode,
  type Frame,
  type FrameError,
  WIRE,
} from '../mpc/frames.ts'
import type { MpcProtocolInfo } from '../mpc/mpcParty.ts'

export type Prediction =
  | { kind: 'close'; code: number; reason: string }
  | { kind: 'error'; code: ErrorCode; message?: string }
  | { kind: 'silent' }
  | { kind: 'run'; frame: Frame }

interface ModelStream {
  protocol: string
  expectedRound: number
}

export function channelModel(protocols: readonly MpcProtocolInfo[], maxStreams: number) {
  const used = new Set<string>()
  const streams = new Map<string, ModelStream>()
  const reassembler = createReassembler({
    maxMessageBytes: WIRE.maxMessageBytes,
    maxPending: maxStreams,
  })
  const end = (sid: string) => {
    streams.delete(sid)
    reassembler.drop(sid)
  }
  return {
    /** What the co-signer does with this decrypted frame text. */
    predict(plaintext: Uint8Array): Prediction {
      let frame: Frame
      try {
        frame = decodeFrame(plaintext)
      } catch (error) {
        const reason = `malformed frame: ${(error as FrameError).message}`
        return { kind: 'close', code: 4400, reason: clipUtf8(reason, WIRE.maxCloseReasonBytes) }
      }
      const existing = streams.get(frame.sid)
      if (existing === undefined) {
        if (used.has(frame.sid)) return { kind: 'error', code: 'SidReused' }
        if (frame.round !== 1) return { kind: 'error', code: 'OutOfOrder' }
      } else if (frame.protocol !== existing.protocol || frame.round !== existing.expectedRound) {
        end(frame.sid)
        return { kind: 'error', code: 'OutOfOrder' }
      }
      let complete: Frame | undefined
      try {
        complete = reassembler.accept(frame)
      } catch (error) {
        if (existing !== undefined) end(frame.sid)
        const e = error as FrameError
        return { kind: 'error', code: e.code, message: e.message }
      }
      if (complete === undefined) return { kind: 'silent' }
      if (existing !== undefined) {
        existing.expectedRound = complete.round + 1
        return { kind: 'run', frame: complete }
      }
      used.add(complete.sid)
      const info = protocols.find((p) => p.name === complete.protocol)
      if (info === undefined) return { kind: 'error', code: 'UnknownProtocol' }
      if (streams.size >= maxStreams) return { kind: 'error', code: 'TooManyStreams' }
      if (info.shareChanging && complete.keyId === undefined)
        return { kind: 'error', code: 'Malformed' }
      streams.set(complete.sid, { protocol: complete.protocol, expectedRound: 2 })
      return { kind: 'run', frame: complete }
    },
    /** A run answered: an error or a final answer ends its stream. */
    answered(sid: string, ended: boolean) {
      if (ended) end(sid)
    },
    get open() {
      return [...streams.keys()]
    },
    isOpen: (sid: string) => streams.has(sid),
  }
}

export type ChannelModel = ReturnType<typeof channelModel>
