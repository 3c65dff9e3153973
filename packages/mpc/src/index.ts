/**
 * Public API of @tessera/mpc: explicit named exports only (docs/STYLE.md#9-explicit-exports).
 * Nothing internal is re-exported with `export *`. Test harnesses (src/test) are not exported. Key
 * import, splitting and full-key export live in `@tessera/mpc/dangerous` (src/dangerous.ts), never
 * here.
 */
export {
  type BackupBlob,
  checkAgainstRecord,
  DEFAULT_KDF,
  exportBackup,
  importBackup,
  type KdfParams,
} from './backup/backupBlob.ts'
export { phraseToShare, shareToPhrase } from './backup/backupPhrase.ts'
export { eciesOpen, eciesSeal, generateEncryptionKey } from './backup/ecies.ts'
export { type DerivedKey, deriveSecp256k1 } from './derive/bip32.ts'
export { deriveEd25519, type Ed25519DerivedKey } from './derive/ed25519Additive.ts'
export { parsePath } from './derive/path.ts'
export { tweakKeyShare } from './derive/tweakKeyShare.ts'
export { exportXpub } from './derive/xpub.ts'
export { cleanDkg } from './dkg/common.ts'
export { dkgCommit } from './dkg/dkgCommit.ts'
export { dkgConfirm } from './dkg/dkgConfirm.ts'
export { dkgFinish } from './dkg/dkgFinish.ts'
export { dkgReveal } from './dkg/dkgReveal.ts'
export { dkgStart } from './dkg/dkgStart.ts'
export type { Echo } from './dkg/echo.ts'
export type { Envelope, ProtocolName } from './dkg/envelope.ts'
export { importOfflineShare } from './dkg/importOfflineShare.ts'
export {
  KEY_SHARE_VERSION,
  type KeyShare,
  MAX_PARTIES,
  MIN_PARTIES,
  type PublicKeyState,
  publicKeyState,
  validateKeyShare,
  validatePublicKeyState,
} from './dkg/keyShare.ts'
export { deserializeKeyShare, serializeKeyShare } from './dkg/keyShareCodec.ts'
export type {
  DkgMessage,
  DkgOptions,
  DkgProgress,
  DkgState,
  DkgTranscript,
  OfflineParty,
} from './dkg/types.ts'
export { ethereumSignature } from './dkls23/ethereumSignature.ts'
export {
  PROTOCOL as DKLS23_PROTOCOL,
  type Round1Payload,
  type Round2Payload,
  type Round3Payload,
  type SignMessage,
} from './dkls23/messages.ts'
export {
  finishPairSetup,
  type PairSetupMessage1,
  type PairSetupMessage2,
  type PairSetupState,
  pairSetupSid,
  respondPairSetup,
  startPairSetup,
} from './dkls23/pairSetup.ts'
export { decodePairOtState, encodePairOtState, type PairOtState } from './dkls23/pairState.ts'
export type { Presignature } from './dkls23/presignature.ts'
export {
  decodePresignature,
  encodeConsumedMarker,
  encodePresignature,
} from './dkls23/presignatureCodec.ts'
export { type EcdsaSignature, signingSid } from './dkls23/signMath.ts'
export {
  createSignSession,
  type SignSession,
  type SignSessionOptions,
} from './dkls23/signSession.ts'
export { type CurveName, curveInfo, type GroupElement } from './encoding/curve.ts'
export { decodePoint, encodePoint } from './encoding/points.ts'
export type { Rng } from './encoding/random.ts'
export { decodeScalar, encodeScalar } from './encoding/scalars.ts'
export { MpcError, type MpcErrorCode } from './errors.ts'
export {
  type FrostCommitment,
  type FrostSignatureShare,
  type FrostSigningPackage,
  frostAggregate,
  frostCommit,
  frostSignShare,
} from './frost/frostSign.ts'
export { memoryNonceStore, type NonceStore, type StoredNonces } from './frost/nonceStore.ts'
export { deriveSid, type SidInput } from './hash/sid.ts'
export { recoveryHelperStart, recoveryTargetStart } from './recovery/recoveryStart.ts'
export { applyOfflineRefresh } from './refresh/applyOfflineRefresh.ts'
export { type PendingRefresh, refreshAck, refreshApply } from './refresh/refreshApply.ts'
export {
  type PeerRefreshStatus,
  type RefreshDecision,
  type RefreshRecord,
  resolveRefresh,
} from './refresh/refreshCommit.ts'
export { type RefreshDealing, refreshDeal } from './refresh/refreshDeal.ts'
export { reshareCommit } from './refresh/reshareCommit.ts'
export { cleanReshare } from './refresh/reshareCommon.ts'
export { reshareConfirm } from './refresh/reshareConfirm.ts'
export { reshareFinish } from './refresh/reshareFinish.ts'
export { reshareReveal } from './refresh/reshareReveal.ts'
export { refreshStart } from './refresh/reshareStart.ts'
export type {
  ReshareMessage,
  ReshareProtocol,
  ReshareState,
  ReshareTranscript,
} from './refresh/reshareTypes.ts'
export { withZeroSeeds, zeroSeedContributions } from './zero/setupZeroSeeds.ts'
