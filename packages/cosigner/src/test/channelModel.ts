/**
 * Test utility: the fuzz test's oracle for one `/v1/mpc` connection — a model of the documented
 * channel rules (docs/SESSION.md#signer--co-signer, README "The MPC channel") that predicts, for
 * each frame, whether the co-signer closes the socket, answers at once with an error (which
 * code), stays silent (a chunk of a message still incomplete) or starts a run whose answer comes
 * later. Exact as long as the signer waits for every outstanding answer before its next frame.
 * Chunk reassembly uses the real reassembler: its own refusals are tested in protocol's chunks.test.ts.
 */

import {
  type CosignerFrame,
  clipUtf8,
  createCosignerReassembler as createReassembler,
  decodeCosignerFrame,
  type CosignerErrorCode as ErrorCode,
  type CosignerDataFrame as Frame,
  type CosignerFrameError as FrameError,
  COSIGNER_CHANNEL_RULES as WIRE,
} from '@tessera/protocol/cosigner'
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
      let decoded: CosignerFrame
      try {
        decoded = decodeCosignerFrame(plaintext)
      } catch (error) {
        const reason = `malformed frame: ${(error as FrameError).shortMessage}`
        return { kind: 'close', code: 4400, reason: clipUtf8(reason, WIRE.maxCloseReasonBytes) }
      }
      if (decoded.type !== 'data')
        return {
          kind: 'close',
          code: 4400,
          reason: 'malformed frame: the signer sends data frames only',
        }
      const frame = decoded
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
        return { kind: 'error', code: e.code, message: e.shortMessage }
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
