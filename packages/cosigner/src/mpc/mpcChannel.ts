/**
 * One signer's MPC channel (docs/SESSION.md#signer--co-signer), independent of the socket:
 * Noise IK as responder with the co-signer's static key; the first handshake payload is the
 * session JWT (a bad one closes with 4401 before anything else happens); then framed
 * sub-streams `{sid, protocol, round, payload}` dispatched to the MpcParty, with strict round
 * order, a round timeout, a stream limit, never-reused sids, and the key lock for
 * share-changing protocols, held as a short lease renewed while the run lives (keyLease.ts).
 * Closing aborts every run and releases its lock once the step in flight (if any) has settled,
 * so no other run of the key starts while this one may still write: nothing is left half-done
 * by a dropped socket. Every refusal of the signer's input is a precise error frame or close
 * (mpcFuzz.test.ts); a bug closes the connection with 4500 and is logged, never escapes. Never
 * logs tokens, payloads or keys.
 */

import { utf8ToBytes } from '@noble/hashes/utils.js'
import {
  createHandshake,
  createTransport,
  type HandshakeState,
  type KeyPair,
  type Transport,
} from '@tessera/noise'
import {
  type CosignerDataFrame,
  type CosignerErrorCode,
  type CosignerFrame,
  CosignerFrameError,
  clipUtf8,
  createCosignerReassembler,
  decodeCosignerFrame,
  encodeCosignerFrame,
  COSIGNER_CHANNEL_RULES as RULES,
  splitCosignerFrame,
} from '@tessera/protocol/cosigner'
import { appendAudit } from '../audit/auditLog.ts'
import { toBase64Url } from '../bytes.ts'
import { CosignerError, PolicyDeniedError } from '../errors.ts'
import type { Session } from '../jwt/sessionToken.ts'
import type { Logger } from '../log.ts'
import type { Metrics } from '../metrics.ts'
import { authorizeSigning } from '../policy/authorizeSigning.ts'
import type { Database } from '../storage/database.ts'
import { type KeyLease, REAL_TICKER, type Ticker, takeKeyLease } from './keyLease.ts'
import type { MpcParty, MpcRun } from './mpcParty.ts'

const CLOSE = RULES.close
const MPC_AD = utf8ToBytes(RULES.associatedData)
type Frame = CosignerDataFrame
type Where = { sid: string; protocol?: string; round?: number }

export interface ChannelIo {
  send(bytes: Uint8Array): void
  close(code: number, reason: string): void
}

export interface ChannelDeps {
  staticKey: KeyPair
  verifyToken(token: string): Promise<Session>
  party: MpcParty
  db: Database
  now: () => number
  roundTimeoutMs: number
  maxStreams: number
  /** Lease of a share-changing run's key lock, renewed every third of it while the run lives. */
  lockLeaseMs: number
  /** Schedules the lease renewals (setInterval unless a test injects one). */
  ticker?: Ticker
  log: Logger
  metrics: Metrics
}

interface Stream {
  protocol: string
  expectedRound: number
  busy: boolean
  run: MpcRun | undefined
  controller: AbortController
  timer: ReturnType<typeof setTimeout> | undefined
  /** The step in flight; settles (never rejects) when its answer or error was sent. */
  stepping: Promise<void> | undefined
  lease: KeyLease | undefined
}

const MAX_USED_SIDS = 10_000

export function createMpcChannel(io: ChannelIo, deps: ChannelDeps) {
  let state: 'handshake' | 'verifying' | 'open' | 'closed' = 'handshake'
  let handshake: HandshakeState | undefined = createHandshake({
    protocolName: RULES.noiseProtocol,
    initiator: false,
    staticKeyPair: deps.staticKey,
  })
  let transport: Transport | undefined
  let session: Session | undefined
  const streams = new Map<string, Stream>()
  const usedSids = new Set<string>()
  let queue = Promise.resolve()
  const reassembler = createCosignerReassembler({
    maxMessageBytes: RULES.maxMessageBytes,
    maxPending: deps.maxStreams,
  })

  function close(code: number, reason: string) {
    if (state === 'closed') return
    state = 'closed'
    deps.metrics.count(
      'cosigner_mpc_rejections_total',
      code === CLOSE.unauthorized
        ? 'unauthorized'
        : code === CLOSE.malformed
          ? 'malformed'
          : 'closed',
    )
    // Cut on a character boundary: a reason over 123 bytes makes the socket throw.
    io.close(code, clipUtf8(reason, RULES.maxCloseReasonBytes))
    shutdown('channel closed')
  }

  function shutdown(reason: string) {
    state = 'closed'
    deps.log.debug('mpc_channel_closed', { reason, streams: streams.size })
    for (const [sid, stream] of streams) void endStream(sid, stream, reason)
  }

  function sendPlain(plaintext: Uint8Array) {
    if (state !== 'open' || transport === undefined) return
    const { nonce, ciphertext } = transport.seal(plaintext, MPC_AD)
    const message = new Uint8Array(RULES.nonceBytes + ciphertext.length)
    new DataView(message.buffer).setBigUint64(0, nonce)
    message.set(ciphertext, RULES.nonceBytes)
    io.send(message)
  }

  /** Sends one logical frame, in chunks when it is larger than one Noise message. */
  function sendFrame(frame: Frame) {
    for (const part of splitCosignerFrame(frame)) sendPlain(encodeCosignerFrame(part))
  }

  function sendError(
    where: Where,
    code: CosignerErrorCode,
    message: string,
    blame: { kind?: string | undefined; culprit?: number | undefined } = {},
  ) {
    deps.metrics.count('cosigner_mpc_frames_total', code)
    sendPlain(
      encodeCosignerFrame({
        type: 'error',
        ...where,
        error: {
          code,
          message,
          ...(blame.kind === undefined ? {} : { kind: blame.kind }),
          ...(blame.culprit === undefined ? {} : { culprit: blame.culprit }),
        },
      }),
    )
  }

  /**
   * Ends a sub-stream (aborting its run when `reason` is given); resolves once its key lock is
   * released. `fromStep`: called by the stream's own step, which has settled its writes.
   */
  function endStream(
    sid: string,
    stream: Stream,
    reason: string | undefined,
    fromStep = false,
  ): Promise<void> {
    if (streams.get(sid) !== stream) return Promise.resolve()
    streams.delete(sid)
    reassembler.drop(sid)
    deps.metrics.gauge('cosigner_mpc_streams', -1)
    if (stream.timer !== undefined) clearTimeout(stream.timer)
    if (reason !== undefined) {
      stream.controller.abort(reason)
      stream.run?.abort(reason)
    }
    // The lease outlives the step in flight (it keeps renewing until then): another run of the
    // key cannot start while this one may still be writing.
    const settled = fromStep ? Promise.resolve() : (stream.stepping ?? Promise.resolve())
    return settled
      .then(() => stream.lease?.release() ?? false)
      .then(
        (lockReleased) =>
          deps.log.debug('mpc_stream_end', {
            protocol: stream.protocol,
            reason: reason ?? 'done',
            lockReleased,
          }),
        (error: unknown) =>
          deps.log.error('key_lock_release_failed', {
            keyId: stream.lease?.request.keyId,
            error: String(error),
          }),
      )
  }

  async function onHandshake(message: Uint8Array) {
    let token: string
    try {
      const hs = handshake as HandshakeState
      token = new TextDecoder('utf-8', { fatal: true }).decode(hs.readMessage(message))
    } catch (error) {
      close(
        CLOSE.malformed,
        `noise handshake failed: ${error instanceof Error ? error.message : 'unreadable message'}`,
      )
      return
    }
    state = 'verifying'
    try {
      session = await deps.verifyToken(token)
    } catch (error) {
      close(
        CLOSE.unauthorized,
        error instanceof CosignerError ? error.message : 'session token rejected',
      )
      return
    }
    if ((state as string) === 'closed') return
    const hs = handshake as HandshakeState
    const remote = hs.remoteStaticKey
    if (
      session.cnf !== undefined &&
      (remote === undefined || toBase64Url(remote) !== session.cnf.x25519)
    ) {
      close(CLOSE.unauthorized, 'device key does not match the session token (cnf)')
      return
    }
    const reply = hs.writeMessage(
      utf8ToBytes(JSON.stringify({ v: 1, sub: session.sub, dapp: session.dapp, exp: session.exp })),
    )
    transport = createTransport(hs.split())
    handshake = undefined
    state = 'open'
    io.send(reply)
    deps.log.info('mpc_session_open', { sub: session.sub, dapp: session.dapp })
  }

  function onTransport(message: Uint8Array) {
    const s = session as Session
    if (deps.now() >= s.exp * 1000) {
      close(CLOSE.unauthorized, 'session expired: log in again')
      return
    }
    if (message.length <= RULES.nonceBytes) {
      close(CLOSE.malformed, 'transport message shorter than its nonce')
      return
    }
    let plaintext: Uint8Array
    try {
      const nonce = new DataView(message.buffer, message.byteOffset, RULES.nonceBytes).getBigUint64(
        0,
      )
      plaintext = (transport as Transport).open(nonce, message.subarray(RULES.nonceBytes), MPC_AD)
    } catch (error) {
      close(
        CLOSE.malformed,
        `transport message refused: ${error instanceof Error ? error.message : 'decrypt failed'}`,
      )
      return
    }
    let decoded: CosignerFrame
    try {
      decoded = decodeCosignerFrame(plaintext)
    } catch (error) {
      close(
        CLOSE.malformed,
        `malformed frame: ${error instanceof CosignerFrameError ? error.shortMessage : 'unreadable'}`,
      )
      return
    }
    if (decoded.type !== 'data') {
      close(CLOSE.malformed, 'malformed frame: the signer sends data frames only')
      return
    }
    const frame = decoded
    deps.metrics.count('cosigner_mpc_frames_total', 'received')
    if (!admit(frame)) return
    let complete: Frame | undefined
    try {
      complete = reassembler.accept(frame)
    } catch (error) {
      if (!(error instanceof CosignerFrameError)) throw error
      sendError(
        { sid: frame.sid, protocol: frame.protocol, round: frame.round },
        error.code,
        error.shortMessage,
      )
      const existing = streams.get(frame.sid)
      if (existing !== undefined) void endStream(frame.sid, existing, 'chunk refused')
      return
    }
    if (complete !== undefined) onFrame(complete)
  }

  /**
   * The checks every frame (each chunk too) passes before it is buffered or dispatched: a new
   * sub-stream starts at round 1 with a fresh sid; an open one gets exactly its next round, and
   * only after the co-signer answered the previous one. Refusing a frame of an open stream ends it.
   */
  function admit(frame: Frame): boolean {
    const where = { sid: frame.sid, protocol: frame.protocol, round: frame.round }
    const existing = streams.get(frame.sid)
    if (existing === undefined) {
      if (usedSids.has(frame.sid)) {
        sendError(
          where,
          'SidReused',
          `sid ${frame.sid.slice(0, 16)}… was already used on this connection; never reuse a sid`,
        )
        return false
      }
      if (frame.round !== 1) {
        sendError(
          where,
          'OutOfOrder',
          `no open sub-stream ${frame.sid.slice(0, 16)}…: a sub-stream starts at round 1, got round ${frame.round}`,
        )
        return false
      }
      return true
    }
    let refusal: string | undefined
    if (frame.protocol !== existing.protocol) {
      sendError(
        where,
        'OutOfOrder',
        `sub-stream runs "${existing.protocol}", frame says "${frame.protocol}"`,
      )
      refusal = 'protocol switched mid-stream'
    } else if (existing.busy) {
      sendError(
        where,
        'OutOfOrder',
        `round ${frame.round} arrived before the co-signer answered round ${existing.expectedRound - 1}`,
      )
      refusal = 'frame out of order'
    } else if (frame.round !== existing.expectedRound) {
      sendError(
        where,
        'OutOfOrder',
        `sub-stream expected round ${existing.expectedRound}, got round ${frame.round}`,
      )
      refusal = 'frame out of order'
    }
    if (refusal === undefined) return true
    void endStream(frame.sid, existing, refusal)
    return false
  }

  /** A complete (reassembled) frame that passed `admit`: start or advance its sub-stream. */
  function onFrame(frame: Frame) {
    const where = { sid: frame.sid, protocol: frame.protocol, round: frame.round }
    const existing = streams.get(frame.sid)
    if (existing === undefined) {
      if (usedSids.size >= MAX_USED_SIDS) usedSids.clear()
      usedSids.add(frame.sid)
      const info = deps.party.protocols.find((p) => p.name === frame.protocol)
      if (info === undefined) {
        const served = deps.party.protocols.map((p) => p.name).join(', ') || 'none'
        return sendError(
          where,
          'UnknownProtocol',
          `protocol "${frame.protocol}" is not served by this co-signer (serves: ${served})`,
        )
      }
      if (streams.size >= deps.maxStreams)
        return sendError(
          where,
          'TooManyStreams',
          `at most ${deps.maxStreams} sub-streams may be open at once`,
        )
      if (info.shareChanging && frame.keyId === undefined)
        return sendError(
          where,
          'Malformed',
          `protocol "${frame.protocol}" changes a share: its first frame must name "keyId"`,
        )
      const stream: Stream = {
        protocol: frame.protocol,
        expectedRound: 2,
        busy: true,
        run: undefined,
        controller: new AbortController(),
        timer: undefined,
        stepping: undefined,
        lease: undefined,
      }
      streams.set(frame.sid, stream)
      deps.metrics.gauge('cosigner_mpc_streams', 1)
      deps.log.debug('mpc_stream_start', { protocol: frame.protocol })
      startStep(frame.sid, stream, frame, info.shareChanging)
      return
    }
    if (existing.timer !== undefined) clearTimeout(existing.timer)
    existing.timer = undefined
    existing.busy = true
    existing.expectedRound = frame.round + 1
    startStep(frame.sid, existing, frame, false)
  }

  function startStep(sid: string, stream: Stream, frame: Frame, lockFirst: boolean) {
    stream.stepping = runStep(sid, stream, frame, lockFirst).catch((error: unknown) => {
      // Nothing may escape a step: it would end the process. Report it and end the stream.
      deps.log.error('mpc_step_crashed', { protocol: frame.protocol, error: String(error) })
      void endStream(sid, stream, 'internal error')
    })
  }

  /** The lease on a share-changing run's key was lost: the run cannot go on safely. */
  function leaseLost(sid: string, stream: Stream, keyId: string) {
    if (streams.get(sid) !== stream) return
    sendError(
      { sid, protocol: stream.protocol, round: stream.expectedRound - 1 },
      'KeyBusy',
      `the lock on key ${keyId} lapsed before the ${stream.protocol} run finished; the run is aborted: start it again`,
    )
    void endStream(sid, stream, 'lock lapsed')
  }

  async function runStep(sid: string, stream: Stream, frame: Frame, lockFirst: boolean) {
    const where = { sid, protocol: frame.protocol, round: frame.round }
    const s = session as Session
    try {
      if (lockFirst && frame.keyId !== undefined) {
        const keyId = frame.keyId
        try {
          stream.lease = await takeKeyLease(
            {
              identity: s.sub,
              keyId,
              operation: frame.protocol,
              holder: sid,
              ttlMs: deps.lockLeaseMs,
            },
            {
              db: deps.db,
              now: deps.now,
              ticker: deps.ticker ?? REAL_TICKER,
              log: deps.log,
              onLost: () => leaseLost(sid, stream, keyId),
            },
          )
        } catch (error) {
          if (error instanceof CosignerError && error.code === 'KeyBusy') {
            await endStream(sid, stream, undefined, true)
            return sendError(where, 'KeyBusy', error.message)
          }
          throw error
        }
        // Closed while locking: endStream releases the lease once this step settled.
        if (streams.get(sid) !== stream) return
      }
      if (!lockFirst && stream.lease !== undefined && !(await stream.lease.renew())) return
      if (streams.get(sid) !== stream) return
      stream.run ??= deps.party.start({
        sid,
        protocol: frame.protocol,
        identity: s.sub,
        dappId: s.dapp,
        keyId: frame.keyId,
        signal: stream.controller.signal,
        // Bound to this session: a party cannot act under another identity or dapp.
        authorize: (request) =>
          authorizeSigning(deps.db, { identity: s.sub, dappId: s.dapp, request }, deps.now()),
        audit: async (kind, data) => {
          await appendAudit(deps.db, { identity: s.sub, dappId: s.dapp, kind, data }, deps.now())
        },
      })
      const result = await stream.run.step(frame.round, frame.payload)
      if (streams.get(sid) !== stream) return
      const answer: Frame = {
        type: 'data',
        sid,
        protocol: frame.protocol,
        round: frame.round,
        payload: result.payload ?? new Uint8Array(0),
      }
      // A final answer leaves once the key is free again: the signer may start the next
      // share-changing run of the key as soon as it has it.
      if (result.done) {
        splitCosignerFrame(answer)
        await endStream(sid, stream, undefined, true)
        return sendFrame(answer)
      }
      sendFrame(answer)
      stream.busy = false
      stream.timer = setTimeout(() => {
        sendError(
          { sid, protocol: frame.protocol, round: stream.expectedRound },
          'RoundTimeout',
          `no round ${stream.expectedRound} within ${deps.roundTimeoutMs} ms; the run is aborted`,
        )
        void endStream(sid, stream, 'round timeout')
      }, deps.roundTimeoutMs)
    } catch (error) {
      if (streams.get(sid) !== stream) return
      // Errors too leave once the key is free again.
      if (error instanceof PolicyDeniedError) {
        await endStream(sid, stream, 'policy denied', true)
        return sendError(where, 'PolicyDenied', error.message)
      }
      deps.log.warn('mpc_run_failed', {
        protocol: frame.protocol,
        round: frame.round,
        error: error instanceof Error ? error.message : 'unknown',
      })
      await endStream(sid, stream, 'party failed', true)
      sendError(
        where,
        'PartyFailed',
        `the co-signer's ${frame.protocol} run failed at round ${frame.round}: ${error instanceof Error ? error.message : 'unknown error'}`,
        error instanceof CosignerError ? { kind: error.kind, culprit: error.culprit } : {},
      )
    }
  }

  return {
    /** Feeds one WebSocket binary message; messages are handled in arrival order. */
    receive(message: Uint8Array): Promise<void> {
      queue = queue
        .then(async () => {
          if (state === 'closed') return
          if (state === 'handshake') return onHandshake(message)
          if (state === 'verifying')
            return close(CLOSE.malformed, 'message before the handshake finished')
          onTransport(message)
        })
        .catch((error: unknown) => {
          // A bug, never the signer's input (that is refused precisely above): the connection
          // ends with 4500, the process and the next messages' queue go on.
          deps.log.error('mpc_channel_crashed', { error: String(error) })
          close(CLOSE.internal, 'internal error')
        })
      return queue
    },
    /** The socket closed: abort every run and release every lock. */
    closed() {
      shutdown('socket closed')
    },
    get streams() {
      return streams.size
    },
  }
}
