/**
 * Sizes and timings of the relay channel (docs/RELAY.md), the numbers both the relay and its
 * clients read: batch sizes, id and field lengths, the relay's default frame and message limits,
 * and the default TTLs of the relay's own publishes. Gathered in `RELAY_RULES` (`rules.ts`).
 * Constants only; must never depend on anything.
 */

/** Largest batch the relay takes in one call; sign-client sends chunks of 500. */
export const RELAY_MAX_BATCH = 500

/** Longest request id (WalletConnect sends 19-digit decimal strings). */
export const RELAY_MAX_ID_CHARS = 64

/** Longest method name. */
export const RELAY_MAX_METHOD_CHARS = 64

/** Longest subscription id accepted in `irn_unsubscribe` and in an `irn_subscription` push. */
export const RELAY_MAX_SUBSCRIPTION_ID_CHARS = 128

/** Largest publish `tag`: a uint32. */
export const RELAY_MAX_TAG = 0xffff_ffff

/** The relay's default `--max-frame-bytes`: bigger WebSocket frames close the socket. */
export const RELAY_DEFAULT_MAX_FRAME_BYTES = 512 * 1024

/**
 * The relay's default `--max-message-bytes`: the largest publish `message` (docs/RELAY.md: 128
 * KiB).
 */
export const RELAY_DEFAULT_MAX_MESSAGE_BYTES = 128 * 1024

/** Longest relay JWT accepted: a token is a few hundred bytes; anything far longer is not one. */
export const RELAY_MAX_JWT_CHARS = 4096

/** Longest relay error message a client keeps (the rest is cut). */
export const RELAY_MAX_ERROR_MESSAGE_CHARS = 200

/** docs/RELAY.md#connection-and-auth: `exp = iat + 86400`. */
export const RELAY_JWT_TTL_SECONDS = 86_400

/** TTL of the implicit publishes of `wc_proposeSession` / `wc_approveSession` (sign-client: 5 min). */
export const WC_DEFAULT_TTL_SECONDS = 300

/** Relay publish tags of the `wc_*` methods' implicit publishes (WalletConnect's own values). */
export const WC_TAGS = Object.freeze({
  sessionProposal: 1100,
  sessionProposalResponse: 1101,
  sessionSettlementRequest: 1102,
})

/**
 * A relay client's default timings, milliseconds. docs/RELAY.md#5-pings: clients drop the socket
 * after 35 s of silence and the relay pings at most every 30 s, so a client probes after 20 s
 * without a frame and gives a probe (or any request) 10 s to be answered.
 */
export const RELAY_CLIENT_DEFAULTS = Object.freeze({
  idleMs: 20_000,
  livenessTimeoutMs: 10_000,
  backoffInitialMs: 250,
  backoffMaxMs: 30_000,
  /** Retry delay after the relay refused a publish with a retryable code. */
  retryMs: 1_000,
})
