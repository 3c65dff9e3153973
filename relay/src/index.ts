/**
 * Public entry of `@tessera/relay`: start a relay node in-process, and its configuration.
 * The JSON-RPC validators live in `protocol/` for now and may move to `@tessera/protocol`.
 */
export { ConfigError, DEFAULTS, loadConfig, OPTIONS, type RelayConfig } from './config.ts'
export { DataDirLockedError } from './mailbox/dirLock.ts'
export { type RunningRelay, type StartOptions, startRelay } from './startRelay.ts'
