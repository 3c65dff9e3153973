/**
 * The in-memory mailbox state shared by the file engine: topics, their live messages in publish
 * order, who must ack each message and who has, and what it all costs (stored message bytes per
 * topic, per sender and in total; subscriptions). Pure data structure, no I/O; the file engine
 * replays its log into it and mirrors every change to disk.
 */
import type {
  AppendResult,
  MailboxMessage,
  MailboxQuota,
  MailboxUsage,
  NewMessage,
} from './types.ts'

interface Entry {
  message: MailboxMessage
  bytes: number
  required: Set<string>
  acked: Set<string>
}

interface TopicState {
  seq: number
  bytes: number
  /** Insertion order is publish order. */
  messages: Map<string, Entry>
  subscribers: Map<string, number>
}

/** At a total cap, expired entries are swept at most this often before refusing. */
const FULL_SWEEP_EVERY_MS = 1000

export class MemoryIndex {
  readonly #topics = new Map<string, TopicState>()
  /** Stored message bytes per sender (did:key), only for senders with live messages. */
  readonly #senderBytes = new Map<string, number>()
  #messageCount = 0
  #bytes = 0
  #subscriptions = 0
  #lastFullSweep = Number.NEGATIVE_INFINITY

  get messageCount(): number {
    return this.#messageCount
  }

  usage(): MailboxUsage {
    return { messages: this.#messageCount, bytes: this.#bytes, subscriptions: this.#subscriptions }
  }

  /** True when `clientId` holds a subscription to `topic` (expired or not). */
  isSubscribed(topic: string, clientId: string): boolean {
    return this.#topics.get(topic)?.subscribers.has(clientId) ?? false
  }

  /** True when a new subscription fits under `max`, sweeping expired ones first if needed. */
  roomForSubscription(max: number, now: number): boolean {
    if (this.#subscriptions < max) return true
    this.#fullSweep(now)
    return this.#subscriptions < max
  }

  #topic(topic: string): TopicState {
    let state = this.#topics.get(topic)
    if (state === undefined) {
      state = { seq: 0, bytes: 0, messages: new Map(), subscribers: new Map() }
      this.#topics.set(topic, state)
    }
    return state
  }

  subscribe(topic: string, clientId: string, expiresAt: number): void {
    const subscribers = this.#topic(topic).subscribers
    if (!subscribers.has(clientId)) this.#subscriptions++
    subscribers.set(clientId, expiresAt)
  }

  unsubscribe(topic: string, clientId: string): void {
    const state = this.#topics.get(topic)
    if (state === undefined) return
    if (state.subscribers.delete(clientId)) this.#subscriptions--
    this.#dropIfEmpty(topic, state)
  }

  /** Subscribers of `topic` live at `now`, except `sender`: they must ack a new message. */
  requiredFor(topic: string, sender: string, now: number): string[] {
    const state = this.#topics.get(topic)
    if (state === undefined) return []
    const out: string[] = []
    for (const [client, expiresAt] of state.subscribers) {
      if (expiresAt > now && client !== sender) out.push(client)
    }
    return out
  }

  /** Checks dedup, depth and the byte caps; changes nothing but dropping expired messages. */
  precheck(
    message: NewMessage,
    maxDepth: number,
    now: number,
    quota?: MailboxQuota,
  ): AppendResult | undefined {
    const state = this.#topics.get(message.topic)
    if (state?.messages.has(message.id)) return { status: 'duplicate' }
    if (state !== undefined && state.messages.size >= maxDepth) {
      this.#expire(message.topic, state, now)
      if (state.messages.size >= maxDepth) return { status: 'full' }
    }
    if (quota === undefined) return undefined
    const bytes = Buffer.byteLength(message.message)
    const overTopic = (): boolean => (state?.bytes ?? 0) + bytes > quota.maxTopicBytes
    if (overTopic() && state !== undefined) this.#expire(message.topic, state, now)
    if (overTopic()) return { status: 'over_quota', scope: 'topic' }
    const overSender = (): boolean =>
      (this.#senderBytes.get(message.sender) ?? 0) + bytes > quota.maxClientBytes
    const overTotal = (): boolean => this.#bytes + bytes > quota.maxTotalBytes
    // The sender's and the total bytes are spread over topics: sweep everything, rate-limited.
    if (overSender() || overTotal()) this.#fullSweep(now)
    if (overSender()) return { status: 'over_quota', scope: 'client' }
    if (overTotal()) return { status: 'over_quota', scope: 'total' }
    return undefined
  }

  /** Inserts a message whose seq was assigned by the caller (or replayed from disk). */
  insert(message: MailboxMessage, required: Iterable<string>, acked: Iterable<string> = []): void {
    const state = this.#topic(message.topic)
    if (state.messages.has(message.id)) return
    state.seq = Math.max(state.seq, message.seq)
    const bytes = Buffer.byteLength(message.message)
    state.messages.set(message.id, {
      message,
      bytes,
      required: new Set(required),
      acked: new Set(acked),
    })
    this.#messageCount++
    this.#account(state, message.sender, bytes)
  }

  nextSeq(topic: string): number {
    return this.#topic(topic).seq + 1
  }

  /** Messages held for the topic, expired ones included until the next sweep. */
  size(topic: string): number {
    return this.#topics.get(topic)?.messages.size ?? 0
  }

  depth(topic: string, now: number): number {
    const state = this.#topics.get(topic)
    if (state === undefined) return 0
    this.#expire(topic, state, now)
    return state.messages.size
  }

  pending(
    topic: string,
    clientId: string,
    now: number,
    limit: number,
    afterSeq = 0,
  ): MailboxMessage[] {
    const state = this.#topics.get(topic)
    if (state === undefined) return []
    const out: MailboxMessage[] = []
    for (const entry of state.messages.values()) {
      if (out.length >= limit) break
      const m = entry.message
      if (m.seq <= afterSeq || m.expiresAt <= now) continue
      if (m.sender === clientId || entry.acked.has(clientId)) continue
      out.push(m)
    }
    return out
  }

  /**
   * Records an ack; returns true when the message was known. The message is removed once every
   * client subscribed at its arrival acked it; one that arrived while nobody (but its sender) was
   * subscribed is removed once every client subscribed now, other than its sender, acked it — so
   * a late subscriber's acks free the topic whenever they arrive.
   */
  ack(topic: string, id: string, clientId: string, now: number): boolean {
    const state = this.#topics.get(topic)
    const entry = state?.messages.get(id)
    if (state === undefined || entry === undefined) return false
    entry.acked.add(clientId)
    const done =
      entry.required.size > 0
        ? isSubset(entry.required, entry.acked)
        : allCurrentAcked(state, entry, now)
    if (done) {
      this.#remove(state, id, entry)
      this.#dropIfEmpty(topic, state)
    }
    return true
  }

  sweep(now: number): number {
    let dropped = 0
    for (const [topic, state] of this.#topics) {
      dropped += this.#expire(topic, state, now)
      for (const [client, expiresAt] of state.subscribers) {
        if (expiresAt <= now) {
          state.subscribers.delete(client)
          this.#subscriptions--
        }
      }
      this.#dropIfEmpty(topic, state)
    }
    return dropped
  }

  /** Every live record, for compaction: subscriptions, then messages with their acks. */
  *snapshot(): Generator<
    | { kind: 'sub'; topic: string; clientId: string; expiresAt: number }
    | { kind: 'msg'; message: MailboxMessage; required: string[]; acked: string[] }
  > {
    for (const [topic, state] of this.#topics) {
      for (const [clientId, expiresAt] of state.subscribers) {
        yield { kind: 'sub', topic, clientId, expiresAt }
      }
      for (const entry of state.messages.values()) {
        yield {
          kind: 'msg',
          message: entry.message,
          required: [...entry.required],
          acked: [...entry.acked],
        }
      }
    }
  }

  #fullSweep(now: number): void {
    if (now - this.#lastFullSweep < FULL_SWEEP_EVERY_MS) return
    this.#lastFullSweep = now
    this.sweep(now)
  }

  #account(state: TopicState, sender: string, bytes: number): void {
    state.bytes += bytes
    this.#bytes += bytes
    const left = (this.#senderBytes.get(sender) ?? 0) + bytes
    if (left <= 0) this.#senderBytes.delete(sender)
    else this.#senderBytes.set(sender, left)
  }

  #remove(state: TopicState, id: string, entry: Entry): void {
    state.messages.delete(id)
    this.#messageCount--
    this.#account(state, entry.message.sender, -entry.bytes)
  }

  #expire(topic: string, state: TopicState, now: number): number {
    let dropped = 0
    for (const [id, entry] of state.messages) {
      if (entry.message.expiresAt <= now) {
        this.#remove(state, id, entry)
        dropped++
      }
    }
    if (dropped > 0) this.#dropIfEmpty(topic, state)
    return dropped
  }

  #dropIfEmpty(topic: string, state: TopicState): void {
    // The seq counter goes with the topic: with no live message left, order restarts safely.
    if (state.messages.size === 0 && state.subscribers.size === 0) this.#topics.delete(topic)
  }
}

/** Every live subscriber other than the sender acked, and there is at least one. */
function allCurrentAcked(state: TopicState, entry: Entry, now: number): boolean {
  let any = false
  for (const [client, expiresAt] of state.subscribers) {
    if (expiresAt <= now || client === entry.message.sender) continue
    if (!entry.acked.has(client)) return false
    any = true
  }
  return any
}

function isSubset(a: Set<string>, b: Set<string>): boolean {
  for (const x of a) if (!b.has(x)) return false
  return true
}
