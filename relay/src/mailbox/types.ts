/**
 * The mailbox contract every storage engine implements
 * (docs/RELAY.md#semantics-the-relay-guarantees). A message is stored with the set of clients
 * subscribed to its topic when it arrived (minus its sender); it is removed once all of them have
 * acked it, or when its TTL expires. A message that arrived while nobody was subscribed is kept,
 * because WalletConnect recipients subscribe after the publish (docs/RELAY.md#1-late-subscribers),
 * until every client subscribed later has acked it, or until its TTL. Acks are recorded per client,
 * so a client never gets again what it acked. Engines never interpret `message`.
 */

export interface MailboxMessage {
  /** sha256(topic ‖ message), hex: identical republishes are deduplicated. */
  id: string
  topic: string
  message: string
  /** Publish time, ms since the epoch. */
  publishedAt: number
  /** Expiry, ms since the epoch. */
  expiresAt: number
  tag?: number
  /** Client id (did:key) of the publisher: it never gets its own message back. */
  sender: string
  /** Position in the topic, increasing in publish order. */
  seq: number
}

export type NewMessage = Omit<MailboxMessage, 'seq'>

export type AppendResult =
  | { status: 'stored'; message: MailboxMessage; depth: number }
  | { status: 'duplicate' }
  | { status: 'full' }
  /** Storing it would pass a byte cap: of its topic, of its sender, or of the whole mailbox. */
  | { status: 'over_quota'; scope: QuotaScope }

export type QuotaScope = 'topic' | 'client' | 'total'

/** Caps on stored message bytes (the `message` strings, UTF-8). */
export interface MailboxQuota {
  maxTopicBytes: number
  /** Per sender (did:key). */
  maxClientBytes: number
  maxTotalBytes: number
}

/** What the mailbox holds, for the gauges. */
export interface MailboxUsage {
  messages: number
  bytes: number
  subscriptions: number
}

/** `full` when the engine's cap on stored subscriptions is reached (a renewal always fits). */
export type SubscribeResult = 'subscribed' | 'full'

export interface MailboxStore {
  readonly engine: 'file' | 'redis'
  /** Records a durable subscription of `clientId` to `topic` until `expiresAt` (ms). */
  subscribe(topic: string, clientId: string, expiresAt: number): Promise<SubscribeResult>
  unsubscribe(topic: string, clientId: string): Promise<void>
  /**
   * Stores a message unless it is a duplicate or the topic holds `maxDepth` live messages.
   * `onAccepted` runs once the message has its place in the topic, possibly before it is
   * durable, so live subscribers need not wait for the disk; the promise resolves once durable
   * (only then may the publisher be told). A subscriber may thus get a message whose publisher
   * sees an error and retries: a duplicate, which at-least-once delivery allows.
   */
  append(
    message: NewMessage,
    maxDepth: number,
    now: number,
    onAccepted?: (message: MailboxMessage) => void,
  ): Promise<AppendResult>
  /**
   * Live messages `clientId` has neither sent nor acked, oldest first, at most `limit`, only
   * those with `seq > afterSeq` (for paging through a deep topic).
   */
  pending(
    topic: string,
    clientId: string,
    now: number,
    limit: number,
    afterSeq?: number,
  ): Promise<MailboxMessage[]>
  /**
   * Records that `clientId` has the message; removes it once every client subscribed at its
   * arrival has, or — when nobody but its sender was — once every client subscribed now (other
   * than the sender, at least one) has.
   */
  ack(topic: string, id: string, clientId: string): Promise<void>
  /** Live messages in the topic. */
  depth(topic: string, now: number): Promise<number>
  /** Drops expired messages and subscriptions; returns how many messages were dropped. */
  sweep(now: number): Promise<number>
  /** Messages, bytes and subscriptions held, when the engine can tell cheaply (file engine). */
  usage?(): MailboxUsage
  /** Resolves when the storage is reachable; rejects otherwise (used by GET /health). */
  ping(): Promise<void>
  /** Flushes and releases the storage. */
  close(): Promise<void>
}
