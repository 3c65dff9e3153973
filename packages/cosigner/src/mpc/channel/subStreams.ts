/**
 * The sub-streams of one open channel: frames are admitted (admitFrame.ts), reassembled from
 * chunks, and start or advance their stream; at most `maxStreams` run at once and a sid is never
 * reused. Ending a stream aborts its run and closes it (releasing its key lock) once the step in
 * flight has settled, so no other run of the key starts while this one may still write.
 * Unfinished chunked messages are bounded (partialMessages.ts): past their deadline or budget
 * the channel is closed through `fail`.
 */
import {
  CosignerFrameError,
  createCosignerReassembler,
  COSIGNER_CHANNEL_RULES as RULES,
} from '@tessera/protocol/cosigner'
import type { Session } from '../../jwt/sessionToken.ts'
import { admitFrame } from './admitFrame.ts'
import type { ChannelOutput } from './channelOutput.ts'
import type { ChannelDeps, Frame, Stream } from './channelTypes.ts'
import { createPartialMessages } from './partialMessages.ts'
import { type StreamHost, startStep } from './runStreamStep.ts'

const MAX_USED_SIDS = 10_000

export function createSubStreams(
  deps: ChannelDeps,
  session: Session,
  out: ChannelOutput,
  fail: (code: number, reason: string) => void,
) {
  const partials = createPartialMessages(deps.limits, fail)
  const streams = new Map<string, Stream>()
  const usedSids = new Set<string>()
  const reassembler = createCosignerReassembler({
    maxMessageBytes: RULES.maxMessageBytes,
    maxPending: deps.maxStreams,
  })

  function endStream(sid: string, stream: Stream, reason: string | undefined, fromStep = false) {
    if (streams.get(sid) !== stream) return Promise.resolve()
    streams.delete(sid)
    reassembler.drop(sid)
    partials.release(sid)
    deps.metrics.gauge('cosigner_mpc_streams', -1)
    if (stream.timer !== undefined) clearTimeout(stream.timer)
    stream.ended = reason ?? 'done'
    if (reason !== undefined) {
      stream.controller.abort(reason)
      stream.run?.abort(reason)
    }
    // The run (and its key lock) outlives the step in flight: it may still be writing.
    const settled = fromStep ? Promise.resolve() : (stream.stepping ?? Promise.resolve())
    return settled
      .then(() => stream.run?.close() ?? false)
      .then(
        (lockReleased) =>
          deps.log.debug('mpc_stream_end', {
            protocol: stream.protocol,
            reason: reason ?? 'done',
            lockReleased,
          }),
        (error: unknown) =>
          deps.log.error('key_lock_release_failed', { keyId: stream.keyId, error: String(error) }),
      )
  }

  const host: StreamHost = {
    deps,
    session,
    out,
    isOpen: (sid, stream) => streams.get(sid) === stream,
    endStream,
  }

  /** A complete (reassembled) frame that passed admission: start or advance its sub-stream. */
  function dispatch(frame: Frame) {
    const where = { sid: frame.sid, protocol: frame.protocol, round: frame.round }
    const existing = streams.get(frame.sid)
    if (existing !== undefined) {
      if (existing.timer !== undefined) clearTimeout(existing.timer)
      existing.timer = undefined
      existing.busy = true
      existing.expectedRound = frame.round + 1
      return startStep(host, frame.sid, existing, frame)
    }
    if (usedSids.size >= MAX_USED_SIDS) usedSids.clear()
    usedSids.add(frame.sid)
    const info = deps.party.protocols.find((p) => p.name === frame.protocol)
    if (info === undefined) {
      const served = deps.party.protocols.map((p) => p.name).join(', ') || 'none'
      return out.sendError(
        where,
        'UnknownProtocol',
        `protocol "${frame.protocol}" is not served by this co-signer (serves: ${served})`,
      )
    }
    if (streams.size >= deps.maxStreams)
      return out.sendError(
        where,
        'TooManyStreams',
        `at most ${deps.maxStreams} sub-streams may be open at once`,
      )
    if (info.shareChanging && frame.keyId === undefined)
      return out.sendError(
        where,
        'Malformed',
        `protocol "${frame.protocol}" changes a share: its first frame must name "keyId"`,
      )
    const stream: Stream = {
      protocol: frame.protocol,
      keyId: frame.keyId,
      expectedRound: 2,
      busy: true,
      run: undefined,
      ended: undefined,
      controller: new AbortController(),
      timer: undefined,
      stepping: undefined,
    }
    streams.set(frame.sid, stream)
    deps.metrics.gauge('cosigner_mpc_streams', 1)
    deps.log.debug('mpc_stream_start', { protocol: frame.protocol })
    startStep(host, frame.sid, stream, frame)
  }

  return {
    /** One decoded data frame from the signer (a whole message or one chunk of it). */
    receive(frame: Frame) {
      const where = { sid: frame.sid, protocol: frame.protocol, round: frame.round }
      const existing = streams.get(frame.sid)
      const refusal = admitFrame(frame, existing, usedSids.has(frame.sid))
      if (refusal !== undefined) {
        out.sendError(where, refusal.code, refusal.message)
        if (existing !== undefined && refusal.ends !== undefined)
          void endStream(frame.sid, existing, refusal.ends)
        return
      }
      let complete: Frame | undefined
      try {
        complete = reassembler.accept(frame)
      } catch (error) {
        partials.release(frame.sid)
        if (!(error instanceof CosignerFrameError)) throw error
        out.sendError(where, error.code, error.shortMessage)
        if (existing !== undefined) void endStream(frame.sid, existing, 'chunk refused')
        return
      }
      if (complete !== undefined) {
        partials.release(frame.sid)
        return dispatch(complete)
      }
      partials.hold(frame.sid, frame.payload.length)
    },
    /** The channel closed: abort every run; each lock is released once its step settled. */
    shutdown(reason: string) {
      partials.releaseAll()
      for (const [sid, stream] of streams) void endStream(sid, stream, reason)
    },
    get size() {
      return streams.size
    },
  }
}
