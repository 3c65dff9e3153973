/**
 * The relay's JSON-RPC error codes, one table for the relay (which sends them) and its clients
 * (which decide from `retryable` whether a refused publish is worth another try). Standard
 * JSON-RPC 2.0 codes for malformed frames; codes in the implementation-defined -32000..-32099
 * band for limits. Messages are fixed strings so clients and tests can match them; details never
 * include message contents. Must never be mutated (frozen).
 */

export interface RelayErrorRule {
  readonly code: number
  readonly message: string
  /** True when the same request may succeed later (a passing limit, a storage hiccup). */
  readonly retryable: boolean
}

const rule = (code: number, message: string, retryable = false): RelayErrorRule =>
  Object.freeze({ code, message, retryable })

export const RELAY_ERRORS = Object.freeze({
  parse: rule(-32700, 'Parse error: frame is not valid JSON'),
  invalidRequest: rule(-32600, 'Invalid request'),
  binaryFrame: rule(-32600, 'Invalid request: binary frames are not accepted'),
  methodNotFound: rule(-32601, 'Method not found'),
  invalidParams: rule(-32602, 'Invalid params'),
  rateLimited: rule(-32001, 'Rate limited: too many publishes', true),
  messageTooLarge: rule(-32002, 'Message too large'),
  tooManyTopics: rule(-32003, 'Too many topics for this client'),
  mailboxFull: rule(-32004, 'Mailbox full for this topic', true),
  quotaExceeded: rule(-32005, 'Relay storage quota exceeded'),
  internal: rule(-32603, 'Internal error', true),
})

export type RelayErrorKind = keyof typeof RELAY_ERRORS

/** A JSON-RPC error object as the relay sends it. */
export interface RelayErrorBody {
  code: number
  message: string
}

/** The error object for `kind`, with an optional short, content-free detail appended. */
export function relayErrorBody(kind: RelayErrorKind, detail?: string): RelayErrorBody {
  const { code, message } = RELAY_ERRORS[kind]
  return detail === undefined ? { code, message } : { code, message: `${message}: ${detail}` }
}

/** Whether a relay error `code` may go away on its own (rate limited, mailbox full, internal). */
export function isRetryableRelayError(code: number): boolean {
  return Object.values(RELAY_ERRORS).some((e) => e.retryable && e.code === code)
}
