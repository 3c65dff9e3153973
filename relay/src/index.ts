/**
 * Public entry of `@tessera/relay`: start a relay node in-process, its configuration, and its
 * relay-auth JWT verifier. The wire format itself (frames, params, error codes, did:key, JWT
 * claims) is `@tessera/protocol`'s.
 */

export { ConfigError } from '@tessera/server-kit'
export { type JwtResult, verifyRelayJwt } from './auth/verifyJwt.ts'
export { DEFAULTS, loadConfig, OPTIONS, type RelayConfig } from './config.ts'
export { DataDirLockedError } from './mailbox/dirLock.ts'
export { type RunningRelay, type StartOptions, startRelay } from './startRelay.ts'
