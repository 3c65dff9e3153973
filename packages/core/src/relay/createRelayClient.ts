/**
 * `createRelayClient`: one connection to a relay speaking the `irn` JSON-RPC protocol
 * (docs/RELAY.md), kept alive for the dapp and the signer alike:
 * - a fresh did:key EdDSA JWT in `auth` on every connect (docs/RELAY.md#connection-and-auth);
 * - reconnect with exponential backoff and jitter; after each connect every topic is subscribed
 *   again with `irn_batchSubscribe` (chunks of 500) before the client reports `online`;
 * - an outbox: a publish stays queued until the relay answered `true`, and is sent again after a
 *   reconnect (the relay stores by hash of topic and message, so a repeat is harmless);
 * - every `irn_subscription` push is validated, acked, deduplicated (bounded memory) and emitted;
 * - liveness: the WebSocket answers the relay's pings by itself (browsers do not expose ping
 *   frames), so after `idleMs` without any frame the client sends a no-op request
 *   (`irn_batchFetchMessages` of no topic) and drops the socket if nothing arrives within
 *   `livenessTimeoutMs` (docs/RELAY.md#5-pings: clients give up after 35 s of silence).
 * Time, timers, randomness and the WebSocket class are injected. It must never log or emit the
 * identity's key or the JWT, and never close with 3000 (docs/RELAY.md#closing-codes: fatal for
 * WalletConnect clients).
 */
import {
  createEmitter,
  RELAY_CLIENT_DEFAULTS as defaults,
  type Emitter,
  encodeRelayRequest,
  encodeRelayResponse,
  isRetryableRelayError,
  isTopic,
  parseRelayFrame,
  RELAY_MAX_BATCH,
  relayErrorBody,
} from '@tessera/protocol'
import { backoffDelay } from './backoffDelay.ts'
import { createDedupe } from './createDedupe.ts'
import { defaultClock } from './defaultClock.ts'
import { RelayError } from './RelayError.ts'
import type { RelayIdentity } from './relayIdentity.ts'
import { signRelayJwt } from './signRelayJwt.ts'
import type {
  Clock,
  PublishOptions,
  RelayMessage,
  RelayStatus,
  WebSocketConstructor,
  WebSocketLike,
} from './types.ts'

export interface RelayClientOptions {
  /**
   * The relay URL exactly as configured; it is also the JWT `aud` (docs/RELAY.md#6-exact-audience).
   */
  readonly url: string
  /** The client's stable Ed25519 identity (its mailbox): `loadRelayIdentity(store)` persists it. */
  readonly identity: RelayIdentity
  /** Default `globalThis.WebSocket`; pass `ws`'s class in Node. */
  readonly WebSocket?: WebSocketConstructor
  readonly clock?: Clock
  /** Uniform in [0, 1), for jitter. */
  readonly random?: () => number
  readonly randomBytes?: (length: number) => Uint8Array
  /** Backoff of reconnects: default 250 ms doubling up to 30 s. */
  readonly backoff?: { readonly initialMs?: number; readonly maxMs?: number }
  /** Probe the connection after this long without a frame. Default 20 s. */
  readonly idleMs?: number
  /** Drop the socket when a probe or request gets no answer this long. Default 10 s. */
  readonly livenessTimeoutMs?: number
  /** How many message digests to remember for deduplication. Default 10,000. */
  readonly dedupeCapacity?: number
  /** Most publishes waiting for the relay at once. Default 1,000. */
  readonly outboxLimit?: number
  /** Retry delay after the relay refused a publish for a passing reason (rate limit). Default 1 s. */
  readonly retryMs?: number
}

export interface RelayClientEvents {
  message: RelayMessage
  status: RelayStatus
}

export interface RelayClient {
  /** The relay URL as configured (the JWT `aud`). */
  readonly url: string
  /** `did:key:z…`, the identity the relay knows this client by. */
  readonly clientId: string
  readonly status: RelayStatus
  readonly events: Emitter<RelayClientEvents>
  /** Subscribes (now, or on the next connect); resolves once the relay confirmed it. */
  subscribe(topic: string): Promise<void>
  /** Forgets the topic; resolves once the relay confirmed it or the client is not connected. */
  unsubscribe(topic: string): Promise<void>
  /** Resolves once the relay accepted the message; until then it waits in the outbox. */
  publish(topic: string, message: string, options: PublishOptions): Promise<void>
  /** Resolves when `online` (immediately if it is), rejects at the deadline. */
  waitOnline(deadlineMs: number): Promise<void>
  /** Stops for good: rejects what is still queued, closes the socket with 1000. */
  close(): Promise<void>
}

const OPEN = 1
const CLOSE_NORMAL = 1000
/** Our own code for "no answer within the liveness timeout"; 4000–4999 is for applications. */
const CLOSE_DEAD = 4000

interface Outgoing {
  readonly topic: string
  readonly message: string
  readonly ttl: number
  readonly tag: number | undefined
  readonly expiresAt: number
  readonly resolve: () => void
  readonly reject: (error: Error) => void
  inflight: boolean
}

interface Call {
  readonly resolve: (result: unknown) => void
  readonly reject: (error: Error) => void
  readonly timer: unknown
}

class CallError extends Error {
  override name = 'CallError'
  constructor(
    message: string,
    readonly code: number | undefined,
  ) {
    super(message)
  }
}

function checkTopic(topic: unknown): asserts topic is string {
  if (!isTopic(topic)) {
    throw new TypeError('"topic" expected 64 lowercase hex characters')
  }
}

export function createRelayClient(options: RelayClientOptions): RelayClient {
  const { url, identity } = options
  if (typeof identity?.clientId !== 'string' || typeof identity.sign !== 'function') {
    throw new TypeError('"identity" expected a RelayIdentity (see loadRelayIdentity)')
  }
  const Socket = options.WebSocket ?? (globalThis.WebSocket as WebSocketConstructor | undefined)
  if (Socket === undefined) {
    throw new TypeError('No WebSocket class: pass `WebSocket` (e.g. from "ws") in Node')
  }
  // Parsed once up front, so a bad URL fails here and not inside a reconnect timer.
  const base = new URL(url).toString()
  const clock = options.clock ?? defaultClock
  const random = options.random ?? Math.random
  const randomBytes =
    options.randomBytes ?? ((n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n)))
  const backoff = {
    initialMs: options.backoff?.initialMs ?? defaults.backoffInitialMs,
    maxMs: options.backoff?.maxMs ?? defaults.backoffMaxMs,
  }
  const idleMs = options.idleMs ?? defaults.idleMs
  const livenessTimeoutMs = options.livenessTimeoutMs ?? defaults.livenessTimeoutMs
  const outboxLimit = options.outboxLimit ?? 1000
  const retryMs = options.retryMs ?? defaults.retryMs
  const dedupe = createDedupe(options.dedupeCapacity ?? 10_000)
  const events = createEmitter<RelayClientEvents>()
  const clientId = identity.clientId

  /** topic → subscription id once the relay confirmed it on the current socket. */
  const topics = new Map<string, string | undefined>()
  const subscribeWaiters = new Map<string, { resolve: () => void; reject: (e: Error) => void }[]>()
  const outbox: Outgoing[] = []
  const calls = new Map<string, Call>()
  let status: RelayStatus = 'connecting'
  let socket: WebSocketLike | undefined
  let attempt = 0
  let reconnectTimer: unknown
  let idleTimer: unknown
  let retryTimer: unknown
  let expiryTimer: unknown
  let counter = 0
  let closedPromise: Promise<void> | undefined

  const setStatus = (next: RelayStatus): void => {
    if (status === next) return
    status = next
    events.emit('status', next)
  }

  /** 19-digit decimal string ids, as docs/RELAY.md describes (13 digits of ms, 6 of counter). */
  const nextId = (): string => {
    counter = (counter + 1) % 1_000_000
    return `${String(Math.floor(clock.now())).padStart(13, '0').slice(-13)}${String(counter).padStart(6, '0')}`
  }

  const send = (ws: WebSocketLike, text: string): boolean => {
    if (ws !== socket || ws.readyState !== OPEN) return false
    try {
      ws.send(text)
      return true
    } catch {
      return false
    }
  }

  /** One JSON-RPC call on the current socket. A missing answer means the socket is dead. */
  const call = (ws: WebSocketLike, method: string, params: unknown): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId()
      const timer = clock.setTimeout(() => {
        calls.delete(id)
        reject(new CallError(`${method}: no answer within ${livenessTimeoutMs} ms`, undefined))
        drop(ws, CLOSE_DEAD)
      }, livenessTimeoutMs)
      calls.set(id, { resolve, reject, timer })
      if (!send(ws, encodeRelayRequest(id, method, params))) {
        clock.clearTimeout(timer)
        calls.delete(id)
        reject(new CallError(`${method}: not connected`, undefined))
      }
    })

  const armIdle = (ws: WebSocketLike): void => {
    clock.clearTimeout(idleTimer)
    idleTimer = clock.setTimeout(() => {
      if (ws !== socket) return
      // A no-op request: any frame in return proves the path is alive.
      call(ws, 'irn_batchFetchMessages', { topics: [] }).catch(() => {})
    }, idleMs)
  }

  const connect = async (): Promise<void> => {
    reconnectTimer = undefined
    if (status === 'closed') return
    let jwt: string
    try {
      jwt = await signRelayJwt({
        identity,
        aud: url,
        iat: Math.floor(clock.now() / 1000),
        subject: randomBytes(32),
      })
    } catch {
      failed()
      return
    }
    // Signing is asynchronous (WebCrypto): the client may have been closed meanwhile.
    if (closedPromise !== undefined) return
    const target = new URL(base)
    target.searchParams.set('auth', jwt)
    target.searchParams.set('ua', 'tessera-core')
    let ws: WebSocketLike
    try {
      ws = new Socket(target.toString())
    } catch {
      failed()
      return
    }
    socket = ws
    let opened = false
    ws.addEventListener('open', () => {
      if (ws !== socket) return
      opened = true
      armIdle(ws)
      void resync(ws)
    })
    ws.addEventListener('message', (event) => {
      if (ws !== socket) return
      armIdle(ws)
      onFrame(ws, (event as { data?: unknown }).data)
    })
    ws.addEventListener('close', () => {
      if (ws !== socket) return
      lost(opened)
    })
    ws.addEventListener('error', () => {
      // 'close' follows.
    })
    // Node's `ws` surfaces the relay's pings; count them as life too (browsers cannot).
    const emitter = ws as unknown as { on?: (event: string, fn: () => void) => void }
    if (typeof emitter.on === 'function') emitter.on('ping', () => ws === socket && armIdle(ws))
  }

  /** After open: subscribe everything again, then report online and flush the outbox. */
  const resync = async (ws: WebSocketLike): Promise<void> => {
    // Loop: topics added while a batch is in flight are picked up by the next round.
    for (;;) {
      const pending = [...topics].filter(([, id]) => id === undefined).map(([topic]) => topic)
      if (pending.length === 0) break
      const chunk = pending.slice(0, RELAY_MAX_BATCH)
      try {
        const ids = await call(ws, 'irn_batchSubscribe', { topics: chunk })
        chunk.forEach((topic, j) => {
          if (!topics.has(topic)) return
          const id = Array.isArray(ids) ? ids[j] : undefined
          topics.set(topic, typeof id === 'string' ? id : '')
          settleSubscribe(topic)
        })
      } catch (error) {
        const code = (error as CallError).code
        if (code === undefined) return // the socket died; the next connection starts over
        for (const topic of chunk) {
          topics.delete(topic)
          settleSubscribe(topic, refused('subscription', error as CallError))
        }
      }
    }
    if (ws !== socket) return
    attempt = 0
    setStatus('online')
    flush()
  }

  const settleSubscribe = (topic: string, error?: Error): void => {
    const waiters = subscribeWaiters.get(topic)
    subscribeWaiters.delete(topic)
    for (const waiter of waiters ?? []) {
      if (error === undefined) waiter.resolve()
      else waiter.reject(error)
    }
  }

  const onFrame = (ws: WebSocketLike, data: unknown): void => {
    const frame = parseRelayFrame(data)
    switch (frame.kind) {
      case 'result':
      case 'error': {
        const pending = calls.get(frame.id)
        if (pending === undefined) return
        calls.delete(frame.id)
        clock.clearTimeout(pending.timer)
        if (frame.kind === 'result') pending.resolve(frame.result)
        else pending.reject(new CallError(frame.message, frame.code))
        return
      }
      case 'push': {
        // Ack first or not at all would both lose: emit, then ack (a crash in between means a
        // redelivery, which the dedupe and the session's replay window absorb).
        const { topic, message } = frame.data
        if (topics.has(topic) && dedupe.first(topic, message)) events.emit('message', frame.data)
        send(ws, encodeRelayResponse(frame.id, { result: true }))
        return
      }
      case 'unknown_method':
        send(ws, encodeRelayResponse(frame.id, { error: relayErrorBody('methodNotFound') }))
        return
      case 'invalid':
        if (frame.id !== undefined) {
          const error = { code: relayErrorBody('invalidParams').code, message: frame.reason }
          send(ws, encodeRelayResponse(frame.id, { error }))
        }
        return
    }
  }

  const clearSocketState = (): void => {
    clock.clearTimeout(idleTimer)
    for (const [id, pending] of calls) {
      clock.clearTimeout(pending.timer)
      calls.delete(id)
      pending.reject(new CallError('socket closed', undefined))
    }
    for (const entry of outbox) entry.inflight = false
    for (const topic of topics.keys()) topics.set(topic, undefined)
  }

  /** The current socket closed (or was declared dead): schedule the next attempt. */
  const lost = (opened: boolean): void => {
    socket = undefined
    clearSocketState()
    if (status === 'closed') return
    // A drop after a good connection retries soon ('connecting'); a failed attempt is 'offline'.
    setStatus(opened ? 'connecting' : 'offline')
    const delay = backoffDelay(attempt, backoff, random())
    attempt++
    reconnectTimer = clock.setTimeout(() => void connect(), delay)
  }

  const failed = (): void => lost(false)

  const drop = (ws: WebSocketLike, code: number): void => {
    if (ws !== socket) return
    const terminate = (ws as unknown as { terminate?: () => void }).terminate
    try {
      if (typeof terminate === 'function') terminate.call(ws)
      else ws.close(code, 'no answer')
    } catch {
      // already closing
    }
    lost(true)
  }

  const flush = (): void => {
    const ws = socket
    expire()
    if (ws === undefined || status !== 'online') return
    for (const entry of outbox) {
      if (entry.inflight) continue
      entry.inflight = true
      const params: Record<string, unknown> = {
        topic: entry.topic,
        message: entry.message,
        ttl: entry.ttl,
        prompt: false,
      }
      if (entry.tag !== undefined) params.tag = entry.tag
      call(ws, 'irn_publish', params).then(
        () => {
          remove(entry)
          entry.resolve()
        },
        (error: CallError) => {
          entry.inflight = false
          if (error.code === undefined) return // socket gone: resent after reconnect
          if (isRetryableRelayError(error.code)) {
            clock.clearTimeout(retryTimer)
            retryTimer = clock.setTimeout(flush, retryMs)
            return
          }
          remove(entry)
          entry.reject(refused('publish', error))
        },
      )
    }
  }

  const remove = (entry: Outgoing): void => {
    const index = outbox.indexOf(entry)
    if (index >= 0) outbox.splice(index, 1)
  }

  /** Publishes whose TTL passed in the outbox are dropped: the relay would drop them too. */
  const expire = (): void => {
    const now = clock.now()
    for (const entry of [...outbox]) {
      if (entry.expiresAt > now || entry.inflight) continue
      remove(entry)
      entry.reject(
        new RelayError('Expired', 'The relay was unreachable for the whole TTL of the message.'),
      )
    }
    clock.clearTimeout(expiryTimer)
    const next = Math.min(...outbox.filter((e) => !e.inflight).map((e) => e.expiresAt))
    if (Number.isFinite(next)) expiryTimer = clock.setTimeout(expire, Math.max(0, next - now))
  }

  const client: RelayClient = {
    url,
    clientId,
    get status() {
      return status
    },
    events,
    subscribe(topic) {
      checkTopic(topic)
      if (status === 'closed') return Promise.reject(closedError())
      if (topics.get(topic) !== undefined) return Promise.resolve()
      topics.set(topic, undefined)
      const done = new Promise<void>((resolve, reject) => {
        const list = subscribeWaiters.get(topic) ?? []
        list.push({ resolve, reject })
        subscribeWaiters.set(topic, list)
      })
      const ws = socket
      if (ws !== undefined && status === 'online') {
        call(ws, 'irn_subscribe', { topic }).then(
          (id) => {
            if (!topics.has(topic)) return
            topics.set(topic, typeof id === 'string' ? id : '')
            settleSubscribe(topic)
          },
          (error: CallError) => {
            if (error.code === undefined) return // resubscribed after reconnect
            topics.delete(topic)
            settleSubscribe(topic, refused('subscription', error))
          },
        )
      }
      return done
    },
    async unsubscribe(topic) {
      checkTopic(topic)
      const id = topics.get(topic)
      topics.delete(topic)
      settleSubscribe(
        topic,
        new RelayError('Closed', 'Unsubscribed before the relay confirmed it.'),
      )
      const ws = socket
      if (ws === undefined || status !== 'online' || id === undefined) return
      try {
        await call(ws, 'irn_unsubscribe', { topic, id })
      } catch {
        // Not connected any more: the next connection does not subscribe it again.
      }
    },
    publish(topic, message, { ttl, tag }) {
      checkTopic(topic)
      if (typeof message !== 'string' || message.length === 0) {
        return Promise.reject(new TypeError('"message" expected a non-empty string'))
      }
      if (!Number.isSafeInteger(ttl) || ttl < 1) {
        return Promise.reject(
          new RangeError(`"ttl" expected a positive integer, got ${String(ttl)}`),
        )
      }
      if (status === 'closed') return Promise.reject(closedError())
      if (outbox.length >= outboxLimit) {
        return Promise.reject(
          new RelayError(
            'OutboxFull',
            `${outboxLimit} publishes are already waiting for the relay.`,
          ),
        )
      }
      return new Promise<void>((resolve, reject) => {
        outbox.push({
          topic,
          message,
          ttl,
          tag,
          expiresAt: clock.now() + ttl * 1000,
          resolve,
          reject,
          inflight: false,
        })
        flush()
      })
    },
    waitOnline(deadlineMs) {
      if (status === 'online') return Promise.resolve()
      if (status === 'closed') return Promise.reject(closedError())
      return new Promise((resolve, reject) => {
        const timer = clock.setTimeout(() => {
          off()
          reject(new Error(`relay not online within ${deadlineMs} ms`))
        }, deadlineMs)
        const off = events.on('status', (next) => {
          if (next !== 'online' && next !== 'closed') return
          off()
          clock.clearTimeout(timer)
          if (next === 'online') resolve()
          else reject(closedError())
        })
      })
    },
    close() {
      closedPromise ??= (async () => {
        const ws = socket
        socket = undefined
        clock.clearTimeout(reconnectTimer)
        clock.clearTimeout(retryTimer)
        clock.clearTimeout(expiryTimer)
        setStatus('closed')
        clearSocketState()
        for (const entry of outbox.splice(0)) entry.reject(closedError())
        for (const topic of [...subscribeWaiters.keys()]) settleSubscribe(topic, closedError())
        topics.clear()
        if (ws !== undefined && ws.readyState <= OPEN) {
          await new Promise<void>((resolve) => {
            const timer = clock.setTimeout(resolve, 1000)
            ws.addEventListener('close', () => {
              clock.clearTimeout(timer)
              resolve()
            })
            try {
              ws.close(CLOSE_NORMAL, 'client closed')
            } catch {
              clock.clearTimeout(timer)
              resolve()
            }
          })
        }
        events.clear()
      })()
      return closedPromise
    },
  }

  void connect()
  return client
}

function refused(what: string, error: CallError): RelayError {
  return new RelayError('Rejected', `The relay refused the ${what}: ${error.message}`, error.code)
}

function closedError(): RelayError {
  return new RelayError('Closed', 'The relay client was closed.')
}
