/**
 * Test-only: a WebSocket double the test drives by hand (`open()`, `receive()`, `serverClose()`),
 * recording what the client sent. Lets unit tests check the relay client's reactions to exact
 * frames and to time, without a network. Never used by package code; not exported.
 */
import type { WebSocketLike } from '../relay/types.ts'

type Listener = (event: unknown) => void

export class FakeSocket implements WebSocketLike {
  static instances: FakeSocket[] = []
  readyState = 0
  readonly url: string
  readonly sent: Record<string, unknown>[] = []
  readonly closeCalls: number[] = []
  readonly #listeners = new Map<string, Listener[]>()

  static #waiters: (() => void)[] = []

  constructor(url: string) {
    this.url = url
    FakeSocket.instances.push(this)
    for (const wake of FakeSocket.#waiters.splice(0)) wake()
  }

  static reset(): void {
    FakeSocket.instances = []
  }

  /** Resolves with the `count`-th socket once it exists (a client signs its JWT before each). */
  static async made(count: number): Promise<FakeSocket> {
    while (FakeSocket.instances.length < count) {
      await new Promise<void>((resolve) => FakeSocket.#waiters.push(resolve))
    }
    return FakeSocket.instances[count - 1] as FakeSocket
  }

  static last(): FakeSocket {
    const socket = FakeSocket.instances.at(-1)
    if (socket === undefined) throw new Error('no socket was created')
    return socket
  }

  addEventListener(type: string, listener: Listener): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener])
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('InvalidStateError')
    this.sent.push(JSON.parse(data) as Record<string, unknown>)
  }

  close(code = 1000): void {
    this.closeCalls.push(code)
    this.serverClose(code)
  }

  open(): void {
    this.readyState = 1
    this.#fire('open', {})
  }

  receive(frame: unknown): void {
    this.#fire('message', { data: typeof frame === 'string' ? frame : JSON.stringify(frame) })
  }

  serverClose(code = 1001): void {
    if (this.readyState === 3) return
    this.readyState = 3
    this.#fire('close', { code, reason: '' })
  }

  /** Sent requests of one method. */
  requests(method: string): Record<string, unknown>[] {
    return this.sent.filter((frame) => frame.method === method)
  }

  /** Answers the last request of `method` with `result`. */
  answer(method: string, result: unknown): void {
    const request = this.requests(method).at(-1)
    if (request === undefined) throw new Error(`no ${method} request was sent`)
    this.receive({ id: request.id, jsonrpc: '2.0', result })
  }

  #fire(type: string, event: unknown): void {
    for (const listener of this.#listeners.get(type) ?? []) listener(event)
  }
}
