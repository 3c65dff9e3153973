/**
 * Types of the relay client's edges: the WebSocket it is given (the browser's global one, or
 * `ws` in Node, injected so `ws` never enters a browser bundle), the clock it schedules with
 * (injected so tests control time), and what it delivers. Types only: no run-time code.
 */
import type { RelaySubscriptionData } from '@tessera/protocol'

/** The part of the WHATWG WebSocket the client uses; the browser's and `ws`'s both fit. */
export interface WebSocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  /** Events are read defensively (`unknown`), so the DOM's and `ws`'s WebSockets both fit. */
  addEventListener(
    type: 'open' | 'message' | 'close' | 'error',
    listener: (event: unknown) => void,
  ): void
}

export type WebSocketConstructor = new (url: string) => WebSocketLike

/** Time and timers; `now` in milliseconds since the epoch. */
export interface Clock {
  now(): number
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

/** One message pushed by the relay (`irn_subscription` data), after protocol's validation. */
export type RelayMessage = RelaySubscriptionData

/**
 * - `connecting`: before the first connection, or trying again right after a drop;
 * - `online`: connected and every subscription re-established;
 * - `offline`: at least one attempt failed; retrying with backoff;
 * - `closed`: `close()` was called; nothing more happens.
 */
export type RelayStatus = 'connecting' | 'online' | 'offline' | 'closed'

export interface PublishOptions {
  /** Seconds the relay keeps the message for offline subscribers (irn_publish `ttl`). */
  readonly ttl: number
  readonly tag?: number
}
