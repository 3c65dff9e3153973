/**
 * `@tessera/relay/testing`: what other packages' tests need from the relay beyond its public
 * entry — the relay-auth JWT check, to verify the tokens a client signs — and `startRelay` for a
 * Vitest global setup, which resolves without the `source` condition (hence this export's
 * `default` also points at the TypeScript source). The relay is private and `testing/` is left
 * out of its files: this entry exists inside the workspace only.
 */

export { type ClientOptions, type Push, RelayTestClient } from '../../test/client.ts'
export { type RelayProcess, rssMB, spawnRelay } from '../../test/relayProcess.ts'
export { type JwtResult, verifyRelayJwt } from '../auth/verifyJwt.ts'
export { type RunningRelay, type StartOptions, startRelay } from '../startRelay.ts'
