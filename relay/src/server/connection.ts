/**
 * One client connection: its identity (the JWT's did:key), its subscriptions, the pushes it has
 * not yet acked, and a bounded send path. A client whose unsent bytes exceed the configured
 * buffer is closed as a slow consumer (1013) rather than buffered without limit; its unacked
 * messages stay in the mailbox for its next connection. Never closes with 3000 (docs/RELAY.md:
 * WalletConnect clients treat it as fatal and stop reconnecting).
 */
import { createHash } from 'node:crypto'
import { encodeSubscriptionPush } from '@tessera/protocol'
import type { WebSocket } from 'ws'
import type { MailboxMessage } from '../mailbox/types.ts'

export const CLOSE_GOING_AWAY = 1001
/** Pushes a connection may leave unacked; WalletConnect clients ack each one at once. */
export const MAX_UNACKED = 10_000
export const CLOSE_TRY_AGAIN_LATER = 1013

/** Subscription id as the WalletConnect client computes it: sha256(topic + clientId). */
export function subscriptionId(topic: string, clientId: string): string {
  return createHash('sha256')
    .update(topic + clientId)
    .digest('hex')
}

interface TopicSync {
  /** Live messages that arrived while the backlog was being read, in arrival order. */
  queued: MailboxMessage[]
}

export class Connection {
  readonly ws: WebSocket
  readonly clientId: string
  readonly ip: string
  /** topic → subscription id */
  readonly subscriptions = new Map<string, string>()
  /** push id → the message it carried, until acked */
  readonly inflight = new Map<number, { topic: string; id: string }>()
  /** ids of messages pushed and not yet acked, to avoid pushing one twice */
  readonly inflightIds = new Set<string>()
  readonly syncing = new Map<string, TopicSync>()
  /** Redis mode: the cluster-wide per-client topic slot of each subscribed topic (its release). */
  readonly topicSlots = new Map<string, () => void>()
  alive = true
  closed = false
  #nextPushId: number
  #corked = false
  readonly #maxBuffered: number
  readonly #onSlow: (conn: Connection) => void

  constructor(
    ws: WebSocket,
    clientId: string,
    ip: string,
    maxBuffered: number,
    onSlow: (conn: Connection) => void,
    /** The relay's clock now (ms): seeds the push ids. */
    nowMs: number,
  ) {
    this.ws = ws
    this.clientId = clientId
    this.ip = ip
    this.#maxBuffered = maxBuffered
    this.#onSlow = onSlow
    // Push ids look like WalletConnect payload ids (ms × 1000 + counter), and stay ≤ 2^53.
    this.#nextPushId = nowMs * 1000
  }

  /** Sends a JSON text frame; returns false (and closes the socket) when the client is too slow. */
  send(text: string): boolean {
    if (this.closed) return false
    if (this.ws.bufferedAmount + text.length > this.#maxBuffered) {
      this.closeSlow()
      return false
    }
    this.#cork()
    this.ws.send(text)
    return true
  }

  /**
   * Corks the TCP socket until the end of this event-loop turn (after the poll phase has read
   * every socket that had data), so a burst of frames (responses, pushes)
   * leaves in one writev instead of one syscall each — the single largest cost under load.
   */
  #cork(): void {
    if (this.#corked) return
    const socket = (this.ws as unknown as { _socket?: import('node:net').Socket })._socket
    if (socket === undefined) return
    this.#corked = true
    socket.cork()
    setImmediate(() => {
      this.#corked = false
      socket.uncork()
    })
  }

  /** True while unsent bytes are above half the allowance: backlog pushes should wait. */
  get congested(): boolean {
    return this.ws.bufferedAmount > this.#maxBuffered / 2
  }

  /**
   * Resolves true once the connection is no longer congested, false if it closed first. Used to
   * push a deep backlog at the pace the client reads, instead of tripping the slow-consumer limit.
   */
  async whenWritable(): Promise<boolean> {
    const socket = (this.ws as unknown as { _socket?: import('node:net').Socket })._socket
    while (!this.closed && this.congested && socket !== undefined && !socket.destroyed) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          socket.off('drain', done)
          socket.off('close', done)
          resolve()
        }
        socket.once('drain', done)
        socket.once('close', done)
      })
    }
    return !this.closed
  }

  closeSlow(): void {
    if (this.closed) return
    this.closed = true
    this.#onSlow(this)
    this.ws.close(CLOSE_TRY_AGAIN_LATER, 'slow consumer')
    // A client that does not read will not read the close frame either.
    setTimeout(() => this.ws.terminate(), 1000).unref()
  }

  /** Pushes one stored message as `irn_subscription`; false when skipped or not sent. */
  push(message: MailboxMessage): boolean {
    const subId = this.subscriptions.get(message.topic)
    if (subId === undefined || message.sender === this.clientId) return false
    if (this.inflightIds.has(message.id)) return false
    // A client that reads but never acks would grow this map forever; treat it as slow.
    if (this.inflight.size >= MAX_UNACKED) {
      this.closeSlow()
      return false
    }
    const pushId = this.#nextPushId++
    const sent = this.send(encodeSubscriptionPush(pushId, subId, message))
    if (!sent) return false
    this.inflight.set(pushId, { topic: message.topic, id: message.id })
    this.inflightIds.add(message.id)
    return true
  }

  /** Resolves a push id from a client's response; undefined when unknown. */
  takeAck(pushId: number | string): { topic: string; id: string } | undefined {
    const key = typeof pushId === 'string' ? Number(pushId) : pushId
    const entry = this.inflight.get(key)
    if (entry === undefined) return undefined
    this.inflight.delete(key)
    this.inflightIds.delete(entry.id)
    return entry
  }
}
