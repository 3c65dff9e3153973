/**
 * One signer's MPC channel (docs/SESSION.md#signer--co-signer), independent of the socket:
 * the Noise IK handshake carrying the session JWT (acceptHandshake.ts), then sealed transport
 * messages (sealedMessages.ts) whose frames feed the sub-streams (subStreams.ts) in arrival
 * order. Authentication, Noise, frames, ordering and timeouts only: the party owns key locks,
 * policy, audit and storage. Every refusal of the signer's input is a precise error frame or
 * close (mpcFuzz.test.ts); a bug closes the connection with 4500 and is logged, never escapes.
 * With `limits`, a socket that has not finished the handshake within `handshakeTimeoutMs` is
 * closed (4408), and an identity with no channel slot left is closed (4429) once verified.
 * Never logs tokens, payloads or keys.
 */
import type { Transport } from '@tessera/noise'
import {
  CosignerFrameError,
  clipUtf8,
  decodeCosignerFrame,
  COSIGNER_CHANNEL_RULES as RULES,
} from '@tessera/protocol/cosigner'
import { createResponder, tokenRefusal } from './acceptHandshake.ts'
import { createChannelOutput } from './channelOutput.ts'
import type { ChannelDeps, ChannelIo } from './channelTypes.ts'
import { LIMIT_CLOSE } from './limitCloses.ts'
import { openMessage } from './sealedMessages.ts'
import { createSubStreams } from './subStreams.ts'

export type { ChannelDeps, ChannelIo } from './channelTypes.ts'

const CLOSE = RULES.close

export function createMpcChannel(io: ChannelIo, deps: ChannelDeps) {
  let state: 'handshake' | 'verifying' | 'open' | 'closed' = 'handshake'
  const responder = createResponder(deps.staticKey)
  let transport: Transport | undefined
  let open: { exp: number; streams: ReturnType<typeof createSubStreams> } | undefined
  let queue = Promise.resolve()
  let releaseIdentity: (() => void) | undefined
  const limits = deps.limits
  let handshakeTimer: ReturnType<typeof setTimeout> | undefined =
    limits === undefined
      ? undefined
      : setTimeout(
          () =>
            close(LIMIT_CLOSE.timeout, `no Noise handshake within ${limits.handshakeTimeoutMs} ms`),
          limits.handshakeTimeoutMs,
        )
  function clearHandshakeTimer() {
    if (handshakeTimer !== undefined) clearTimeout(handshakeTimer)
    handshakeTimer = undefined
  }
  const out = createChannelOutput(
    io,
    () => (state === 'open' ? transport : undefined),
    (code) => deps.metrics.count('cosigner_mpc_frames_total', code),
  )

  function close(code: number, reason: string) {
    if (state === 'closed') return
    state = 'closed'
    const kind =
      code === CLOSE.unauthorized
        ? 'unauthorized'
        : code === CLOSE.malformed
          ? 'malformed'
          : 'closed'
    deps.metrics.count('cosigner_mpc_rejections_total', kind)
    // Cut on a character boundary: a reason over 123 bytes makes the socket throw.
    io.close(code, clipUtf8(reason, RULES.maxCloseReasonBytes))
    shutdown('channel closed')
  }

  let shut = false
  function shutdown(reason: string) {
    state = 'closed'
    // Once: a channel that closed its socket hears of the close again.
    if (shut) return
    shut = true
    clearHandshakeTimer()
    releaseIdentity?.()
    releaseIdentity = undefined
    deps.log.debug('mpc_channel_closed', { reason, streams: open?.streams.size ?? 0 })
    open?.streams.shutdown(reason)
  }

  async function onHandshake(message: Uint8Array) {
    const read = responder.readToken(message)
    if ('refused' in read) return close(CLOSE.malformed, read.refused)
    state = 'verifying'
    let session: Awaited<ReturnType<ChannelDeps['verifyToken']>>
    try {
      session = await deps.verifyToken(read.token)
    } catch (error) {
      return close(CLOSE.unauthorized, tokenRefusal(error))
    }
    if ((state as string) === 'closed') return
    const accepted = responder.accept(session)
    if (!accepted.ok) return close(accepted.code, accepted.reason)
    if (limits?.claimIdentity !== undefined) {
      try {
        releaseIdentity = await limits.claimIdentity(session.sub)
      } catch {
        return close(LIMIT_CLOSE.tooManyConnections, 'connection limits unavailable; retry later')
      }
      if ((state as string) === 'closed') {
        releaseIdentity?.()
        return
      }
      if (releaseIdentity === undefined)
        return close(
          LIMIT_CLOSE.tooManyConnections,
          'too many MPC connections for this identity; close one first',
        )
    }
    clearHandshakeTimer()
    transport = accepted.transport
    open = { exp: session.exp, streams: createSubStreams(deps, session, out, close) }
    state = 'open'
    io.send(accepted.reply)
    deps.log.info('mpc_session_open', { sub: session.sub, dapp: session.dapp })
  }

  function onTransport(message: Uint8Array) {
    const { exp, streams } = open as NonNullable<typeof open>
    if (deps.now() >= exp * 1000) return close(CLOSE.unauthorized, 'session expired: log in again')
    const opened = openMessage(transport as Transport, message)
    if ('refused' in opened) return close(CLOSE.malformed, opened.refused)
    let decoded: ReturnType<typeof decodeCosignerFrame>
    try {
      decoded = decodeCosignerFrame(opened.plaintext)
    } catch (error) {
      const why = error instanceof CosignerFrameError ? error.shortMessage : 'unreadable'
      return close(CLOSE.malformed, `malformed frame: ${why}`)
    }
    if (decoded.type !== 'data')
      return close(CLOSE.malformed, 'malformed frame: the signer sends data frames only')
    deps.metrics.count('cosigner_mpc_frames_total', 'received')
    streams.receive(decoded)
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
      return open?.streams.size ?? 0
    },
  }
}
