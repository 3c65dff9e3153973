/**
 * Opens the device's `/v1/mpc` channel to the co-signer (docs/SESSION.md#signer--co-signer):
 * Noise IK as initiator to the co-signer's PINNED static key, the session token as the first
 * handshake payload, then sealed frames (protocol's `@tessera/protocol/cosigner` wire format).
 * Runs go on sub-streams (`stream`), one round in flight per stream, each reply awaited with a
 * round timeout; large messages are chunked both ways. Every failure is a CosignerClientError:
 * the co-signer's error frames with their `code`, `kind` and `culprit`; a closed socket is
 * `ConnectionLost` (or `Unauthorized` / `HandshakeFailed` during the handshake).
 */
import { bytesToHex, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import {
  createHandshake,
  createTransport,
  generateKeyPair,
  type KeyPair,
  type Transport,
} from '@tessera/noise'
import { base64ToBytes } from '@tessera/protocol'
import {
  COSIGNER_RETRYABLE_CODES,
  type CosignerDataFrame,
  type CosignerFrame,
  CosignerFrameError,
  createCosignerReassembler,
  decodeCosignerFrame,
  encodeCosignerFrame,
  COSIGNER_CHANNEL_RULES as RULES,
  splitCosignerFrame,
} from '@tessera/protocol/cosigner'
import { CosignerClientError } from './CosignerClientError.ts'
import { messageBytes, type WebSocketConstructor, type WebSocketLike } from './webSocket.ts'

export interface ConnectParameters {
  /** `wss://…/v1/mpc`. */
  readonly url: string
  /** The co-signer's Noise static public key, pinned (32 bytes, or base64url). */
  readonly cosignerKey: Uint8Array | string
  /** The session token from `login`. */
  readonly token: string
  /** The device's Noise static key; must be the one a device-bound session names. */
  readonly deviceKey?: KeyPair
  /** Defaults to the global WebSocket. */
  readonly WebSocket?: WebSocketConstructor
  /** How long to wait for each reply; defaults to the channel's round timeout. */
  readonly replyTimeoutMs?: number
}

/** What the co-signer says about the session in its handshake reply. */
export interface ChannelSession {
  readonly sub: string
  readonly dapp: string
  readonly exp: number
}

/** One run's sub-stream: a fresh sid, rounds exchanged in order. */
export interface CosignerStream {
  readonly sid: string
  readonly protocol: string
  /** Sends round `round` and resolves with the co-signer's reply payload for it. */
  exchange(round: number, payload: Uint8Array, keyId?: string): Promise<Uint8Array>
}

export interface CosignerConnection {
  readonly session: ChannelSession
  stream(protocol: string): CosignerStream
  /** Resolves when the socket closed. */
  readonly closed: Promise<{ code: number; reason: string }>
  close(): void
}

interface Waiter {
  readonly round: number
  resolve(payload: Uint8Array): void
  reject(error: CosignerClientError): void
}

const AD = utf8ToBytes(RULES.associatedData)

export function connectCosigner(parameters: ConnectParameters): Promise<CosignerConnection> {
  const pinned =
    typeof parameters.cosignerKey === 'string'
      ? base64ToBytes(parameters.cosignerKey, 'url')
      : parameters.cosignerKey
  if (pinned?.length !== 32)
    throw new TypeError('"cosignerKey" expected 32 bytes (or their base64url)')
  const Socket =
    parameters.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket
  if (Socket === undefined) throw new TypeError('no WebSocket: pass `WebSocket`')
  const replyTimeoutMs = parameters.replyTimeoutMs ?? RULES.roundTimeoutMs
  const handshake = createHandshake({
    protocolName: RULES.noiseProtocol,
    initiator: true,
    staticKeyPair: parameters.deviceKey ?? generateKeyPair(),
    remoteStaticKey: pinned,
  })
  const ws: WebSocketLike = new Socket(parameters.url)
  ws.binaryType = 'arraybuffer'
  let transport: Transport | undefined
  const waiters = new Map<string, Waiter>()
  const reassembler = createCosignerReassembler()
  let closedWith: { code: number; reason: string } | undefined
  let resolveClosed: (value: { code: number; reason: string }) => void = () => {}
  const closed = new Promise<{ code: number; reason: string }>((r) => {
    resolveClosed = r
  })

  function fail(sid: string, error: CosignerClientError) {
    const waiter = waiters.get(sid)
    if (waiter === undefined) return
    waiters.delete(sid)
    waiter.reject(error)
  }

  function sendFrame(frame: CosignerDataFrame) {
    const t = transport as Transport
    for (const part of splitCosignerFrame(frame)) {
      const { nonce, ciphertext } = t.seal(encodeCosignerFrame(part), AD)
      const message = new Uint8Array(RULES.nonceBytes + ciphertext.length)
      new DataView(message.buffer).setBigUint64(0, nonce)
      message.set(ciphertext, RULES.nonceBytes)
      ws.send(message)
    }
  }

  function onFrame(frame: CosignerFrame) {
    if (frame.type === 'error') {
      const { code, message, kind, culprit } = frame.error
      fail(
        frame.sid,
        new CosignerClientError(code, message, {
          ...(kind === undefined ? {} : { kind }),
          ...(culprit === undefined ? {} : { culprit }),
          retryable: COSIGNER_RETRYABLE_CODES.has(code),
        }),
      )
      return
    }
    const complete = reassembler.accept(frame)
    if (complete === undefined) return
    const waiter = waiters.get(complete.sid)
    if (waiter === undefined) return
    waiters.delete(complete.sid)
    if (complete.round !== waiter.round)
      waiter.reject(
        new CosignerClientError(
          'BadReply',
          `the co-signer answered round ${complete.round}, round ${waiter.round} was asked`,
        ),
      )
    else waiter.resolve(complete.payload)
  }

  function onTransportMessage(bytes: Uint8Array) {
    const t = transport as Transport
    let frame: CosignerFrame
    try {
      if (bytes.length <= RULES.nonceBytes) throw new Error('message shorter than its nonce')
      const nonce = new DataView(bytes.buffer, bytes.byteOffset, RULES.nonceBytes).getBigUint64(0)
      frame = decodeCosignerFrame(t.open(nonce, bytes.subarray(RULES.nonceBytes), AD))
      onFrame(frame)
    } catch (cause) {
      // The co-signer never sends what we cannot read: the channel is no longer trustworthy.
      const message =
        cause instanceof CosignerFrameError
          ? cause.shortMessage
          : cause instanceof Error
            ? cause.message
            : 'unreadable'
      ws.close(RULES.close.malformed, 'unreadable frame')
      for (const sid of [...waiters.keys()])
        fail(sid, new CosignerClientError('BadReply', `unreadable frame: ${message}`, { cause }))
    }
  }

  const opened = new Promise<CosignerConnection>((resolve, reject) => {
    ws.onopen = () => ws.send(handshake.writeMessage(utf8ToBytes(parameters.token)))
    ws.onerror = () => {}
    ws.onclose = (event) => {
      closedWith = { code: event.code, reason: event.reason }
      resolveClosed(closedWith)
      if (transport === undefined) {
        const code = event.code === RULES.close.unauthorized ? 'Unauthorized' : 'HandshakeFailed'
        reject(new CosignerClientError(code, `closed ${event.code}: ${event.reason}`))
      }
      for (const [sid, waiter] of [...waiters])
        fail(
          sid,
          new CosignerClientError(
            'ConnectionLost',
            `the channel closed (${event.code}) before round ${waiter.round} was answered`,
            { retryable: true },
          ),
        )
    }
    ws.onmessage = (event) => {
      const bytes = messageBytes(event.data)
      if (bytes === undefined) return ws.close(RULES.close.malformed, 'binary frames only')
      if (transport !== undefined) return onTransportMessage(bytes)
      let session: ChannelSession
      try {
        const payload = handshake.readMessage(bytes)
        session = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload))
        if (typeof session.sub !== 'string' || typeof session.dapp !== 'string')
          throw new Error('handshake reply lacks sub or dapp')
      } catch (cause) {
        ws.close(RULES.close.malformed, 'bad handshake reply')
        reject(
          new CosignerClientError('HandshakeFailed', 'the co-signer’s handshake reply is invalid', {
            cause,
          }),
        )
        return
      }
      transport = createTransport(handshake.split())
      resolve({
        session: { sub: session.sub, dapp: session.dapp, exp: session.exp },
        stream,
        closed,
        close: () => ws.close(1000, 'done'),
      })
    }
  })

  function stream(protocol: string): CosignerStream {
    const sid = bytesToHex(randomBytes(RULES.sidBytes))
    let chain: Promise<unknown> = Promise.resolve()
    return {
      sid,
      protocol,
      exchange(round, payload, keyId) {
        const result = chain.then(
          () =>
            new Promise<Uint8Array>((resolve, reject) => {
              if (closedWith !== undefined)
                return reject(
                  new CosignerClientError(
                    'ConnectionLost',
                    `the channel closed (${closedWith.code}) before round ${round} was sent`,
                    { retryable: true },
                  ),
                )
              const timer = setTimeout(
                () =>
                  fail(
                    sid,
                    new CosignerClientError(
                      'ReplyTimeout',
                      `no ${protocol} round ${round} reply within ${replyTimeoutMs} ms`,
                      { retryable: true },
                    ),
                  ),
                replyTimeoutMs,
              )
              waiters.set(sid, {
                round,
                resolve: (value) => {
                  clearTimeout(timer)
                  resolve(value)
                },
                reject: (error) => {
                  clearTimeout(timer)
                  reject(error)
                },
              })
              try {
                sendFrame({
                  type: 'data',
                  sid,
                  protocol,
                  round,
                  ...(keyId === undefined ? {} : { keyId }),
                  payload,
                })
              } catch (cause) {
                fail(
                  sid,
                  cause instanceof CosignerFrameError
                    ? new CosignerClientError(cause.code, cause.shortMessage, { cause })
                    : new CosignerClientError('ConnectionLost', 'send failed', { cause }),
                )
              }
            }),
        )
        chain = result.catch(() => {})
        return result
      },
    }
  }

  return opened
}
