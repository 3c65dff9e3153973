/**
 * `@tessera/cosigner-client`: the device's client of the Tessera co-signer — the login exchange,
 * the `/v1/mpc` channel (Noise IK to the pinned co-signer key, sub-streams, chunking, reply
 * timeouts) and one typed function per run the co-signer serves. Errors are CosignerClientError.
 */
export {
  CosignerClientError,
  type CosignerClientErrorCode,
  type CosignerClientErrorOptions,
} from './CosignerClientError.ts'
export {
  type ChannelSession,
  type ConnectParameters,
  type CosignerConnection,
  type CosignerStream,
  connectCosigner,
} from './connectCosigner.ts'
export { exchangeRound } from './exchangeRound.ts'
export {
  type CosignerSession,
  type LoginAdapter,
  type LoginParameters,
  login,
} from './login.ts'
export { type DkgParameters, type DkgResult, dkg } from './runs/dkg.ts'
export {
  type DklsSignParameters,
  dklsSign,
  type PresignedShareParameters,
  type PresignResult,
  presign,
  requestPresignedShare,
  type SigningRequest,
  signWithPresignature,
} from './runs/dklsSign.ts'
export { frostSign, type SolanaSigningForm } from './runs/frostSign.ts'
export { otSetup } from './runs/otSetup.ts'
export { type RefreshOptions, recover, refresh } from './runs/reshare.ts'
export type { WebSocketConstructor, WebSocketLike } from './webSocket.ts'
