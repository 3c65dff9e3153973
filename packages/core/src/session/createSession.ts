/**
 * `createSession`: a live, encrypted session over the relay for either role
 * (docs/SESSION.md#transport-envelope, docs/SESSION.md#json-rpc-inside-the-session):
 * - every message is a protocol envelope sealed by the Noise transport with ad = session topic
 *   bytes; the replay window drops redeliveries silently, REKEY happens inside the transport;
 * - the transport state is persisted before a sealed message leaves (a reload must never reuse a
 *   nonce) and after one is opened, before it is delivered (a reload must not accept it again; a
 *   message whose window could not be stored is not delivered);
 * - `request()` resolves with the matching response, or rejects with the EIP-1193 class of the
 *   error (viem's class for its code, `fromRpcErrorObject`), viem's `InternalRpcError` (-32603)
 *   caused by an `RpcTimeoutError` at the deadline (default 5 minutes), or viem's
 *   `ProviderDisconnectedError` (4900) when the session is gone or the relay is unreachable;
 * - the signer answers requests through `onRequest` and drops stale ones (published longer ago
 *   than `maxRequestAgeMs`); notifications reach the `events` emitter;
 * - `disconnect()` tells the peer (`disconnect` notification) and both sides delete the session.
 * Every decrypted text goes through `parseSessionMessageText` before use. Must never log
 * plaintexts or keys, and never send with a nonce whose advance was not persisted first.
 */
import { MAX_MESSAGE_LENGTH, TAG_LENGTH, type Transport } from '@tessera/noise/transport'
import {
  createEmitter,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DISCONNECT_NOTICE_WAIT_MS,
  decodeMessageFrame,
  type Emitter,
  encodeMessageFrame,
  fromRpcErrorObject,
  type JsonArray,
  type JsonObject,
  type JsonValue,
  type ProviderError,
  parseSessionMessage,
  parseSessionMessageText,
  providerError,
  RPC_ERROR_CODES,
  RpcTimeoutError,
  type SessionMessage,
  type SessionMessageKind,
  type SessionNotification,
  type SessionRequest,
  serializeSessionMessage,
  toRpcErrorObject,
  WIRE_RULES,
} from '@tessera/protocol'
import type { PeerMetadata } from '../pairing/payloads.ts'
import type { RelayClient } from '../relay/createRelayClient.ts'
import { defaultClock } from '../relay/defaultClock.ts'
import type { Clock, RelayMessage } from '../relay/types.ts'
import type { SessionStore } from '../storage/SessionStore.ts'
import { type SessionRecord, type SessionRole, sessionKey } from './sessionRecord.ts'

/** viem's `ProviderDisconnectedError` (4900) with our sentence. */
function disconnected(sentence: string, cause?: unknown): ProviderError {
  return providerError(RPC_ERROR_CODES.disconnected, sentence, { cause })
}

/**
 * docs/SESSION.md#json-rpc-inside-the-session: a request has a deadline, default 5 minutes
 * (@tessera/protocol's, re-exported).
 */
export { DEFAULT_REQUEST_TIMEOUT_MS } from '@tessera/protocol'
/** Noise §3 minus the tag: the largest plaintext one transport message can carry. */
export const MAX_SESSION_PLAINTEXT_BYTES = MAX_MESSAGE_LENGTH - TAG_LENGTH

/** The longest `timeoutMs` a session request may carry (docs/SESSION.md#json-rpc-inside-the-session). */
const MAX_WIRE_TIMEOUT_MS = 30 * 24 * 3600 * 1000

export interface SessionEvents {
  accountsChanged: readonly string[]
  chainChanged: string
  /** The session ended: the peer disconnected, it expired, or `disconnect()` was called. */
  disconnect: ProviderError
}

export interface RequestArguments {
  readonly method: string
  readonly params: JsonArray | JsonObject
  /** CAIP-2, e.g. `eip155:1`. */
  readonly chainId?: string
}

export type RequestHandler = (request: SessionRequest, session: Session) => Promise<JsonValue>

export interface Session {
  readonly id: string
  readonly topic: string
  readonly role: SessionRole
  readonly origin: string
  readonly relayUrl: string
  readonly peer: PeerMetadata
  readonly accounts: { readonly [chainId: string]: readonly string[] }
  readonly chains: readonly string[]
  readonly methods: readonly string[]
  readonly chainId: string | undefined
  /** Unix seconds. */
  readonly expiry: number
  /** False once disconnected, expired or detached. */
  readonly active: boolean
  readonly events: Emitter<SessionEvents>
  request(args: RequestArguments, options?: { readonly timeoutMs?: number }): Promise<JsonValue>
  /** Signer only: `accountsChanged`, `chainChanged` (or `disconnect`, prefer `disconnect()`). */
  notify(notification: SessionNotification): Promise<void>
  /**
   * Signer only: answers again, through `onRequest`, a request this session received before a
   * reload and whose answer the app kept pending (a second factor that reloads the page, such as
   * WeChat SOTER). The request is validated as a received one; it is dropped when it is older
   * than `maxRequestAgeMs` (the dapp stopped waiting). Resolves once the answer is sent.
   */
  resume(request: SessionRequest, publishedAt: number): Promise<void>
  /** Tells the peer, deletes the session on this side, stops listening. */
  disconnect(): Promise<void>
  /** Stops listening without deleting anything (page unload; the session resumes later). */
  detach(): void
}

export interface SessionOptions {
  readonly record: SessionRecord
  readonly transport: Transport
  readonly relay: RelayClient
  readonly store: SessionStore
  readonly clock?: Clock
  readonly onRequest?: RequestHandler
  /** Signer: a request published longer ago than this is dropped unanswered. Default 5 min. */
  readonly maxRequestAgeMs?: number
}

interface Pending {
  readonly resolve: (value: JsonValue) => void
  readonly reject: (error: Error) => void
  readonly timer: unknown
}

export function createSession(options: SessionOptions): Session {
  const { relay, store, transport, onRequest } = options
  const clock = options.clock ?? defaultClock
  const maxRequestAgeMs = options.maxRequestAgeMs ?? DEFAULT_REQUEST_TIMEOUT_MS
  let record: SessionRecord = options.record
  const ad = new TextEncoder().encode(record.topic)
  const events = createEmitter<SessionEvents>()
  const pending = new Map<number, Pending>()
  let active = true
  let writes: Promise<void> = Promise.resolve()

  /** Serialised writes: each one stores the state as it is when the write runs. */
  const persist = (): Promise<void> => {
    writes = writes.then(() =>
      active
        ? store.set(sessionKey(record.topic), { ...record, transport: transport.exportState() })
        : undefined,
    )
    return writes
  }

  const send = async (
    message: SessionMessage,
    kind: SessionMessageKind,
    ttl?: number,
  ): Promise<void> => {
    const bytes = new TextEncoder().encode(serializeSessionMessage(message))
    if (bytes.length > MAX_SESSION_PLAINTEXT_BYTES) {
      throw providerError(
        RPC_ERROR_CODES.invalidParams,
        `The message is ${bytes.length} bytes; a session message carries at most ${MAX_SESSION_PLAINTEXT_BYTES}.`,
      )
    }
    const sealed = transport.seal(bytes, ad)
    await persist() // the nonce advance is durable before the ciphertext leaves
    const rule = WIRE_RULES[kind]
    await relay.publish(record.topic, encodeMessageFrame({ kind: 'envelope', envelope: sealed }), {
      ttl: ttl ?? rule.ttl,
      tag: rule.tag,
    })
  }

  const expired = (): boolean => clock.now() / 1000 >= record.expiry

  const end = async (error: ProviderError, remove: boolean): Promise<void> => {
    if (!active) return
    active = false // queued writes see this and skip, so the delete below is the last word
    off()
    if (remove) {
      await writes
      await store.delete(sessionKey(record.topic))
    }
    for (const [id, entry] of pending) {
      pending.delete(id)
      clock.clearTimeout(entry.timer)
      entry.reject(error)
    }
    await relay.unsubscribe(record.topic).catch(() => {})
    events.emit('disconnect', error)
    transport.destroy()
  }

  /** Received messages are handled one at a time, in arrival order. */
  let inbound: Promise<void> = Promise.resolve()
  const onMessage = (message: RelayMessage): void => {
    if (!active || message.topic !== record.topic) return
    inbound = inbound.then(() => receive(message)).catch(() => {})
  }

  const receive = async (message: RelayMessage): Promise<void> => {
    if (!active) return
    const frame = decodeMessageFrame(message.message)
    if (frame?.kind !== 'envelope') return
    let plaintext: Uint8Array
    try {
      plaintext = transport.open(frame.envelope.nonce, frame.envelope.ciphertext, ad)
    } catch {
      return // replay, outside the window, or not authentic: dropped silently (docs/SESSION.md)
    }
    // The advanced receive window is durable before the message is delivered: a crash after
    // delivery cannot bring the message back. A window that could not be stored delivers nothing.
    try {
      await persist()
    } catch {
      return
    }
    if (!active) return
    let parsed: ReturnType<typeof parseSessionMessageText>
    try {
      parsed = parseSessionMessageText(new TextDecoder('utf-8', { fatal: true }).decode(plaintext))
    } catch {
      return // authentic but malformed: the peer's bug; nothing to answer without an id
    }
    if (expired()) {
      void end(disconnected('The session expired.'), true)
      return
    }
    switch (parsed.kind) {
      case 'result':
      case 'error': {
        const entry = pending.get(parsed.message.id)
        if (entry === undefined) return // late (after its deadline) or not ours
        pending.delete(parsed.message.id)
        clock.clearTimeout(entry.timer)
        if (parsed.kind === 'result') entry.resolve(parsed.message.result)
        else entry.reject(fromRpcErrorObject(parsed.message.error))
        return
      }
      case 'notification':
        onNotification(parsed.message)
        return
      case 'request':
        void answer(parsed.message, message.publishedAt)
        return
    }
  }

  const onNotification = (notification: SessionNotification): void => {
    switch (notification.method) {
      case 'accountsChanged': {
        const chain = record.chainId ?? record.chains[0]
        if (chain !== undefined)
          record = { ...record, accounts: { ...record.accounts, [chain]: notification.params } }
        void persist()
        events.emit('accountsChanged', notification.params)
        return
      }
      case 'chainChanged':
        record = { ...record, chainId: notification.params[0] }
        void persist()
        events.emit('chainChanged', notification.params[0])
        return
      case 'disconnect':
        void end(fromRpcErrorObject(notification.params[0]), true)
        return
    }
  }

  const answer = async (request: SessionRequest, publishedAt: number): Promise<void> => {
    // docs/SESSION.md#json-rpc-inside-the-session: the signer drops stale requests; the dapp stopped waiting for them.
    if (clock.now() - publishedAt > maxRequestAgeMs) return
    let response: SessionMessage
    if (record.role !== 'signer' || onRequest === undefined) {
      const error = providerError(
        RPC_ERROR_CODES.unsupportedMethod,
        'This side of the session answers no requests.',
      )
      response = { id: request.id, error: toRpcErrorObject(error) }
    } else {
      try {
        response = { id: request.id, result: await onRequest(request, session) }
      } catch (error) {
        response = { id: request.id, error: toRpcErrorObject(error) }
      }
    }
    if (!active) return
    await send(response, 'result' in response ? 'result' : 'error').catch(() => {})
  }

  const off = relay.events.on('message', onMessage)
  relay.subscribe(record.topic).catch(() => {})

  const session: Session = {
    get id() {
      return record.id
    },
    get topic() {
      return record.topic
    },
    get role() {
      return record.role
    },
    get origin() {
      return record.origin
    },
    get relayUrl() {
      return record.relay
    },
    get peer() {
      return record.peer
    },
    get accounts() {
      return record.accounts
    },
    get chains() {
      return record.chains
    },
    get methods() {
      return record.methods
    },
    get chainId() {
      return record.chainId
    },
    get expiry() {
      return record.expiry
    },
    get active() {
      return active
    },
    events,
    async request(args, requestOptions = {}) {
      const timeoutMs = requestOptions.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS
      if (!active) throw disconnected('The session has ended.')
      if (expired()) {
        const error = disconnected('The session expired.')
        await end(error, true)
        throw error
      }
      // Known to be offline (an attempt to reach the relay failed): fail now, queue nothing.
      if (relay.status === 'offline' || relay.status === 'closed') {
        throw disconnected('The relay is unreachable; try again when online.')
      }
      const id = record.nextRequestId
      record = { ...record, nextRequestId: id + 1 }
      const wireTimeoutMs = Math.max(1, Math.ceil(timeoutMs))
      const message: SessionRequest = {
        id,
        method: args.method,
        params: args.params,
        ...(args.chainId === undefined ? {} : { chainId: args.chainId }),
        // A deadline other than the default travels with the request, so the signer drops it
        // when the dapp gives up (docs/SESSION.md#json-rpc-inside-the-session); the default is
        // left out, as signers assume it (and older ones refuse the field), and so is one beyond
        // the 30 days the wire allows (the relay keeps nothing longer anyway).
        ...(wireTimeoutMs === DEFAULT_REQUEST_TIMEOUT_MS || wireTimeoutMs > MAX_WIRE_TIMEOUT_MS
          ? {}
          : { timeoutMs: wireTimeoutMs }),
      }
      const result = new Promise<JsonValue>((resolve, reject) => {
        const timer = clock.setTimeout(() => {
          pending.delete(id)
          const timeout = new RpcTimeoutError({ timeoutMs })
          // Offline at the deadline: the connection is the reason, say so (4900).
          reject(
            relay.status === 'online'
              ? providerError(RPC_ERROR_CODES.internal, timeout.shortMessage, { cause: timeout })
              : disconnected('The relay was unreachable until the deadline.', timeout),
          )
        }, timeoutMs)
        pending.set(id, { resolve, reject, timer })
      })
      // The relay keeps the request only as long as the dapp waits for it.
      const ttl = Math.max(1, Math.ceil(timeoutMs / 1000))
      send(message, 'request', ttl).catch((error: unknown) => {
        const entry = pending.get(id)
        if (entry === undefined) return
        pending.delete(id)
        clock.clearTimeout(entry.timer)
        entry.reject(error instanceof Error ? error : disconnected('The request was not sent.'))
      })
      return result
    },
    async notify(notification) {
      if (record.role !== 'signer') throw new TypeError('Only the signer sends notifications.')
      if (!active) throw disconnected('The session has ended.')
      if (notification.method === 'accountsChanged') {
        const chain = record.chainId ?? record.chains[0]
        if (chain !== undefined)
          record = { ...record, accounts: { ...record.accounts, [chain]: notification.params } }
      }
      if (notification.method === 'chainChanged')
        record = { ...record, chainId: notification.params[0] }
      await send(notification, 'notification')
    },
    async resume(request, publishedAt) {
      if (record.role !== 'signer') throw new TypeError('Only the signer answers requests.')
      if (!active) throw disconnected('The session has ended.')
      if (!Number.isFinite(publishedAt) || publishedAt > clock.now()) {
        throw new RangeError('"publishedAt" expected a time in the past')
      }
      const parsed = parseSessionMessage(request as unknown)
      if (parsed.kind !== 'request') throw new TypeError('"request" expected a session request')
      await answer(parsed.message, publishedAt)
    },
    async disconnect() {
      if (!active) return
      const who = record.role === 'dapp' ? 'dapp' : 'wallet'
      const error = disconnected(`The ${who} ended the session.`)
      const notice: SessionNotification = {
        method: 'disconnect',
        params: [toRpcErrorObject(error)],
      }
      // Queued in the relay outbox (kept until accepted, even across reconnects); not awaited
      // beyond that, so a dapp can disconnect while offline.
      const told = send(notice, 'notification').catch(() => {})
      await Promise.race([
        told,
        new Promise((resolve) =>
          clock.setTimeout(() => resolve(undefined), DISCONNECT_NOTICE_WAIT_MS),
        ),
      ])
      await end(error, true)
    },
    detach() {
      if (!active) return
      active = false
      off()
      for (const [id, entry] of pending) {
        pending.delete(id)
        clock.clearTimeout(entry.timer)
        entry.reject(disconnected('The session was detached.'))
      }
    },
  }
  return session
}
