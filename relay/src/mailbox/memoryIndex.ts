/**
 * The in-memory mailbox state shared by the file engine: topics, their live messages in publish
 * order, who must ack each message and who has. Pure data structure, no I/O; the file engine
 * replays its log into it and mirrors every change to disk.
 */
import type { AppendResult, MailboxMessage, NewMessage } from './types.ts'

interface Entry {
  message: MailboxMessage
  required: Set<string>
  acked: Set<string>
}

interface TopicState {
  seq: number
  /** Insertion order is publish order. */
  messages: Map<string, Entry>
  subscribers: Map<string, number>
}

export class MemoryIndex {
  readonly #topics = new Map<string, TopicState>()
  #messageCount = 0

  get messageCount(): number {
    return this.#messageCount
  }

  #topic(topic: string): TopicState {
    let state = this.#topics.get(topic)
    if (state === undefined) {
      state = { seq: 0, messages: new Map(), subscribers: new Map() }
      this.#topics.set(topic, state)
    }
    return state
  }

  subscribe(topic: string, clientId: string, expiresAt: number): void {
    this.#topic(topic).subscribers.set(clientId, expiresAt)
  }

  unsubscribe(topic: string, clientId: string): void {
    const state = this.#topics.get(topic)
    if (state === undefined) return
    state.subscribers.delete(clientId)
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

  /** Checks dedup and depth without changing anything. */
  precheck(message: NewMessage, maxDepth: number, now: number): AppendResult | undefined {
    const state = this.#topics.get(message.topic)
    if (state === undefined) return undefined
    if (state.messages.has(message.id)) return { status: 'duplicate' }
    if (state.messages.size >= maxDepth) {
      this.#expire(message.topic, state, now)
      if (state.messages.size >= maxDepth) return { status: 'full' }
    }
    return undefined
  }

  /** Inserts a message whose seq was assigned by the caller (or replayed from disk). */
  insert(message: MailboxMessage, required: Iterable<string>, acked: Iterable<string> = []): void {
    const state = this.#topic(message.topic)
    if (state.messages.has(message.id)) return
    state.seq = Math.max(state.seq, message.seq)
    state.messages.set(message.id, { message, required: new Set(required), acked: new Set(acked) })
    this.#messageCount++
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

  /** Records an ack; returns true when the message was known. */
  ack(topic: string, id: string, clientId: string): boolean {
    const state = this.#topics.get(topic)
    const entry = state?.messages.get(id)
    if (state === undefined || entry === undefined) return false
    entry.acked.add(clientId)
    if (entry.required.size > 0 && isSubset(entry.required, entry.acked)) {
      state.messages.delete(id)
      this.#messageCount--
      this.#dropIfEmpty(topic, state)
    }
    return true
  }

  sweep(now: number): number {
    let dropped = 0
    for (const [topic, state] of this.#topics) {
      dropped += this.#expire(topic, state, now)
      for (const [client, expiresAt] of state.subscribers) {
        if (expiresAt <= now) state.subscribers.delete(client)
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

  #expire(topic: string, state: TopicState, now: number): number {
    let dropped = 0
    for (const [id, entry] of state.messages) {
      if (entry.message.expiresAt <= now) {
        state.messages.delete(id)
        dropped++
      }
    }
    this.#messageCount -= dropped
    if (dropped > 0) this.#dropIfEmpty(topic, state)
    return dropped
  }

  #dropIfEmpty(topic: string, state: TopicState): void {
    // The seq counter goes with the topic: with no live message left, order restarts safely.
    if (state.messages.size === 0 && state.subscribers.size === 0) this.#topics.delete(topic)
  }
}

function isSubset(a: Set<string>, b: Set<string>): boolean {
  for (const x of a) if (!b.has(x)) return false
  return true
}
