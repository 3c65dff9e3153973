/**
 * `@tessera/protocol/cosigner`: the wire format of the co-signer's `/v1/mpc` channel — frames,
 * chunking, typed round payloads and the one rules table. A subpath of its own so the dapp
 * bundle never carries it. Pure: no I/O, no timers, no randomness.
 */
export { CosignerFrameError } from './CosignerFrameError.ts'
export { clipUtf8 } from './clipUtf8.ts'
export {
  type CosignerReply,
  type CosignerRequest,
  type CosignerRound,
  type CosignerRunName,
  decodeCosignerReply,
  decodeCosignerRequest,
  encodeCosignerReply,
  encodeCosignerRequest,
  isCosignerRunName,
} from './cosignerPayload.ts'
export {
  type CosignerReassembler,
  type CosignerReassemblerLimits,
  createCosignerReassembler,
} from './createCosignerReassembler.ts'
export {
  canonicalDappOrigin,
  checkDappOrigin,
  DAPP_ORIGIN_MAX_BYTES,
  dappOriginProblem,
} from './dappOrigin.ts'
export { decodeCosignerFrame } from './decodeCosignerFrame.ts'
export { checkDerivationPath, derivationPathProblem } from './derivationPath.ts'
export { encodeCosignerFrame } from './encodeCosignerFrame.ts'
export { decodeMpcValue, encodeMpcValue, type MpcValue } from './mpcValue.ts'
export {
  COSIGNER_CHANNEL_RULES,
  COSIGNER_ERROR_CODES,
  COSIGNER_FRAME_KIND,
  COSIGNER_FRAME_VERSION,
  COSIGNER_RETRYABLE_CODES,
  type CosignerErrorCode,
  type CosignerFrameKind,
} from './rules.ts'
export { COSIGNER_RUNS } from './runs.ts'
export { splitCosignerFrame } from './splitCosignerFrame.ts'
export type {
  CosignerDataFrame,
  CosignerErrorBody,
  CosignerErrorFrame,
  CosignerFrame,
} from './types.ts'
