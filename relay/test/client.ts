/**
 * A small reconnecting relay client for tests (and the benchmark): signs a fresh JWT on every
 * connect, re-sends `irn_batchSubscribe` for its topics after each reconnect, acks every
 * `irn_subscription` push, and offers `request()` with an explicit deadline. Test-only.
 */
import WebSocket from 'ws'
import { newIdentity, signJwt, type TestIdentity } from './jwt.ts'

export interface Push {
  topic: string
  message: string
  publishedAt: number
  attestation: string
  tag?: number
  subscriptionId: string
}

export interface ClientOptions {
  url: string
  aud?: string
  identity?: TestIdentity
  reconnect?: boolean
  /** Do not ack pushes (to test mailbox redelivery). */
  noAck?: boolean
}

export class RelayTestClient {
  readonly identity: TestIdentity
  readonly topics = new Set<string>()
  readonly received: Push[] = []
  readonly closes: number[] = []
  ws: WebSocket | undefined
  #options: ClientOptions
  #nextId = 1
  #pending = new Map<string, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  #waiters: { check: () => boolean; resolve: () => void }[] = []
  #stopped = false
  #connects = 0

  constructor(options: ClientOptions) {
    this.#options = options
    this.identity = options.identity ?? newIdentity()
  }

  get connects(): number {
    return this.#connects
  }

  /** Connects; resolves once open (and resubscribed, after a reconnect). */
  async connect(deadlineMs = 5000): Promise<void> {
    this.#stopped = false
    await this.#open(deadlineMs)
  }

  async #open(deadlineMs: number): Promise<void> {
    const aud = this.#options.aud ?? this.#options.url
    const url = `${this.#options.url}/?auth=${signJwt(this.identity, { aud })}&ua=test`
    const ws = new WebSocket(url)
    this.ws = ws
    let opened = false
    ws.on('message', (data) => this.#onFrame(data.toString()))
    ws.on('close', (code) => {
      this.closes.push(code)
      for (const p of this.#pending.values()) p.reject(new Error(`socket closed (${code})`))
      this.#pending.clear()
      this.#notify()
      // Only a socket that was open starts a reconnect loop; failed attempts belong to the loop.
      if (opened && !this.#stopped && this.#options.reconnect) this.#reconnectLoop()
    })
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('connect deadline exceeded')), deadlineMs)
      ws.once('open', () => {
        opened = true
        clearTimeout(timer)
        resolve()
      })
      ws.on('error', (e) => {
        clearTimeout(timer)
        reject(e)
      })
      ws.once('unexpected-response', (_req, res) => {
        clearTimeout(timer)
        reject(new Error(`HTTP ${res.statusCode}`))
      })
    })
    this.#connects++
    if (this.topics.size > 0) {
      await this.request('irn_batchSubscribe', { topics: [...this.topics] })
    }
    this.#notify()
  }

  #reconnectLoop(): void {
    // Bounded backoff; each attempt is a fresh connection with a fresh JWT.
    let attempt = 0
    const tryOnce = (): void => {
      if (this.#stopped || attempt++ > 200) return
      this.#open(2000).catch(() => setTimeout(tryOnce, Math.min(50 * attempt, 500)))
    }
    setTimeout(tryOnce, 20)
  }

  #onFrame(text: string): void {
    const frame = JSON.parse(text) as Record<string, unknown>
    if (frame.method === 'irn_subscription') {
      const params = frame.params as { id: string; data: Omit<Push, 'subscriptionId'> }
      this.received.push({ ...params.data, subscriptionId: params.id })
      if (!this.#options.noAck)
        this.ws?.send(JSON.stringify({ id: frame.id, jsonrpc: '2.0', result: true }))
      this.#notify()
      return
    }
    const pending = this.#pending.get(String(frame.id))
    if (pending === undefined) return
    this.#pending.delete(String(frame.id))
    if ('error' in frame) {
      const err = frame.error as { code: number; message: string }
      pending.reject(Object.assign(new Error(err.message), { code: err.code }))
    } else pending.resolve(frame.result)
  }

  #notify(): void {
    this.#waiters = this.#waiters.filter((w) => {
      if (!w.check()) return true
      w.resolve()
      return false
    })
  }

  /** Sends a request; its id is a 19-digit string, as WalletConnect's. */
  request(method: string, params: unknown, deadlineMs = 5000): Promise<unknown> {
    const id = `${Date.now()}${String(this.#nextId++).padStart(6, '0')}`
    if (method === 'irn_subscribe') this.topics.add((params as { topic: string }).topic)
    if (method === 'irn_batchSubscribe') {
      for (const t of (params as { topics: string[] }).topics) this.topics.add(t)
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id)
        reject(new Error(`${method} deadline exceeded`))
      }, deadlineMs)
      this.#pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer)
          resolve(v)
        },
        reject: (e) => {
          clearTimeout(timer)
          reject(e)
        },
      })
      this.ws?.send(JSON.stringify({ id, jsonrpc: '2.0', method, params }))
    })
  }

  publish(topic: string, message: string, ttl = 300, tag = 1108): Promise<unknown> {
    return this.request('irn_publish', { topic, message, ttl, tag, prompt: false })
  }

  /** Resolves when `check` holds (re-evaluated on every event), or rejects at the deadline. */
  waitFor(check: () => boolean, what: string, deadlineMs = 5000): Promise<void> {
    if (check()) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter)
        reject(new Error(`waiting for ${what}: deadline exceeded`))
      }, deadlineMs)
      const waiter = {
        check,
        resolve: () => {
          clearTimeout(timer)
          resolve()
        },
      }
      this.#waiters.push(waiter)
    })
  }

  waitForMessages(n: number, deadlineMs = 5000): Promise<void> {
    return this.waitFor(() => this.received.length >= n, `${n} messages`, deadlineMs)
  }

  async close(): Promise<void> {
    this.#stopped = true
    const ws = this.ws
    if (ws === undefined || ws.readyState === WebSocket.CLOSED) return
    await new Promise<void>((resolve) => {
      ws.once('close', () => resolve())
      ws.close()
    })
  }
}
