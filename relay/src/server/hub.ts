/**
 * The node's routing table: which local connections are subscribed to which topic, and the
 * delivery of a stored message to them (and to other nodes through the cluster bus). Delivery is
 * best effort here; the mailbox makes it at-least-once. Never delivers to the sender.
 */
import type { MailboxMessage } from '../mailbox/types.ts'
import type { Metrics } from '../metrics.ts'
import type { Connection } from './connection.ts'

export interface ClusterBus {
  /** Sends a stored message to the other nodes. */
  publish(message: MailboxMessage): void
  close(): Promise<void>
}

export class Hub {
  readonly #topics = new Map<string, Set<Connection>>()
  /** Subscriptions per client id (did:key) across all its connections on this node. */
  readonly #perClient = new Map<string, number>()
  readonly #metrics: Metrics
  readonly #now: () => number
  bus: ClusterBus | undefined

  constructor(metrics: Metrics, now: () => number = Date.now) {
    this.#metrics = metrics
    this.#now = now
  }

  add(topic: string, conn: Connection): void {
    let set = this.#topics.get(topic)
    if (set === undefined) {
      set = new Set()
      this.#topics.set(topic, set)
    }
    if (!set.has(conn)) {
      set.add(conn)
      this.#metrics.subscriptions++
      this.#perClient.set(conn.clientId, this.topicsOf(conn.clientId) + 1)
    }
  }

  topicsOf(clientId: string): number {
    return this.#perClient.get(clientId) ?? 0
  }

  remove(topic: string, conn: Connection): void {
    const set = this.#topics.get(topic)
    if (set?.delete(conn)) {
      conn.topicSlots.get(topic)?.()
      conn.topicSlots.delete(topic)
      this.#metrics.subscriptions--
      const left = this.topicsOf(conn.clientId) - 1
      if (left <= 0) this.#perClient.delete(conn.clientId)
      else this.#perClient.set(conn.clientId, left)
    }
    if (set?.size === 0) this.#topics.delete(topic)
  }

  /** A message just stored on this node: deliver locally and tell the other nodes. */
  published(message: MailboxMessage, receivedAt: number): void {
    this.deliverLocal(message, receivedAt)
    this.bus?.publish(message)
  }

  /** Delivers to local subscribers; `receivedAt` (performance.now) feeds the latency histogram. */
  deliverLocal(message: MailboxMessage, receivedAt: number | undefined): void {
    const set = this.#topics.get(message.topic)
    if (set === undefined) return
    for (const conn of set) {
      const sync = conn.syncing.get(message.topic)
      if (sync !== undefined) {
        sync.queued.push(message)
        continue
      }
      if (conn.push(message)) {
        this.#metrics.messagesOut++
        const ms =
          receivedAt === undefined
            ? this.#now() - message.publishedAt
            : performance.now() - receivedAt
        this.#metrics.observeDeliveryMs(ms)
      }
    }
  }
}
