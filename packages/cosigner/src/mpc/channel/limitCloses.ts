/**
 * Close codes of the channel's resource limits, beside @tessera/protocol's 4400/4401/4500:
 * a deadline passed (handshake, unfinished chunked message), a budget of unfinished chunked
 * messages passed, too many channels of one identity. None is a fault of the co-signer.
 */
export const LIMIT_CLOSE = Object.freeze({
  timeout: 4408,
  overBudget: 4413,
  tooManyConnections: 4429,
} as const)
