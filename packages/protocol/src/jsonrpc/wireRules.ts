/**
 * The one table of session wire rules (docs/STYLE.md#6-wire-rules, after WalletConnect's
 * ENGINE_RPC_OPTS): for each kind of message, the relay TTL it is published with, the relay `tag`,
 * and the largest JSON text (UTF-8 bytes) it may have. Validators and senders read limits from here
 * only. Must never be mutated at run time (it is frozen) and never duplicated elsewhere.
 *
 * Why these numbers:
 * - TTL 300 s for requests and responses: docs/SESSION.md's default request deadline is 5 minutes,
 *   and a message the relay keeps longer than the deadline would only be dropped as stale.
 * - TTL 86,400 s for notifications: a dapp page reopened within a day still learns the latest
 *   `accountsChanged` / `chainChanged` / `disconnect` (the relay bounds TTLs by its own maximum).
 * - 65,519 bytes for requests and results: an envelope's plaintext limit (Noise's 65,535-byte
 *   message cap minus the tag; docs/SESSION.md rounds it to 64 KiB), and
 *   the JSON text is that plaintext. Error responses and notifications are small by nature.
 * - Tags 7100–7103: Tessera's own range, clear of WalletConnect's 1100–1119 and 4000s, so a relay
 *   operator can tell the traffic apart in metrics (docs/RELAY.md#methods: `tag` is optional and
 *   opaque).
 */
import { MAX_ENVELOPE_PLAINTEXT_BYTES } from '../frames/constants.ts'
import { REQUEST_TTL_SECONDS } from '../frames/timing.ts'

export type SessionMessageKind = 'request' | 'result' | 'error' | 'notification'

export type WireRule = {
  /** Seconds the relay keeps the message for an offline recipient (irn_publish `ttl`). */
  readonly ttl: number
  /** irn_publish `tag`. */
  readonly tag: number
  /** Largest serialized JSON text, in UTF-8 bytes. */
  readonly maxBytes: number
}

export const WIRE_RULES: { readonly [K in SessionMessageKind]: WireRule } = Object.freeze({
  request: Object.freeze({
    ttl: REQUEST_TTL_SECONDS,
    tag: 7100,
    maxBytes: MAX_ENVELOPE_PLAINTEXT_BYTES,
  }),
  result: Object.freeze({
    ttl: REQUEST_TTL_SECONDS,
    tag: 7101,
    maxBytes: MAX_ENVELOPE_PLAINTEXT_BYTES,
  }),
  error: Object.freeze({ ttl: REQUEST_TTL_SECONDS, tag: 7102, maxBytes: 8_192 }),
  notification: Object.freeze({ ttl: 86_400, tag: 7103, maxBytes: 16_384 }),
})

/** The largest `maxBytes` of the table: what a text is checked against before it is parsed. */
export const MAX_SESSION_MESSAGE_BYTES: number = Math.max(
  ...Object.values(WIRE_RULES).map((rule) => rule.maxBytes),
)

/** Deepest nesting of objects and arrays in any session message (a filled transaction is ~5). */
export const MAX_SESSION_MESSAGE_DEPTH = 16

/** Longest error `message` accepted or produced (a helpful sentence, not a report). */
export const MAX_ERROR_MESSAGE_LENGTH = 1_024

/** Longest request method name (the longest in `SESSION_METHODS` is 26 characters). */
export const MAX_METHOD_LENGTH = 64
