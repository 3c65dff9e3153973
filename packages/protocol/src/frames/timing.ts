/**
 * The session channel's default TTLs and timeouts (docs/SESSION.md), one source for the dapp, the
 * signer and `WIRE_RULES`. Pairing-URI lifetimes are `pairing/constants.ts`'s; the relay
 * channel's are `RELAY_RULES`'. Constants only.
 */

/**
 * docs/SESSION.md#json-rpc-inside-the-session: a request has a deadline, default 5 minutes.
 * Requests and responses are published with the same TTL (`WIRE_RULES`): the relay keeping one
 * longer would only deliver it stale.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 300_000

/** `DEFAULT_REQUEST_TIMEOUT_MS` in seconds: the relay TTL of requests and responses. */
export const REQUEST_TTL_SECONDS = DEFAULT_REQUEST_TIMEOUT_MS / 1000

/** Default session lifetime: 7 days. */
export const DEFAULT_SESSION_TTL_SECONDS = 7 * 86_400

/** Relay TTL of the dapp's handshake reply (IK message 2, or a refusal) on the pairing topic. */
export const HANDSHAKE_REPLY_TTL_SECONDS = 300

/** How long `disconnect()` waits for the relay to accept its notice before ending anyway. */
export const DISCONNECT_NOTICE_WAIT_MS = 2_000
