/**
 * `@tessera/relay/testing`: what other packages' tests need from the relay beyond its public
 * entry — the relay-auth JWT check, to verify the tokens a client signs. Exported only under the
 * `source` condition and left out of the published files, so it exists inside this workspace only.
 */
export {
  type JwtCheck,
  type JwtRejection,
  type JwtResult,
  verifyRelayJwt,
} from '../auth/verifyJwt.ts'
export { type RunningRelay, type StartOptions, startRelay } from '../startRelay.ts'
