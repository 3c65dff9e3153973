/**
 * `@tessera/mpc/worker`: the threshold engine behind a Worker boundary (comlink). Explicit named
 * exports only (docs/STYLE.md#9-explicit-exports).
 */
export {
  type BackupSource,
  openBackupShare,
  sealBackupShare,
} from './backupShares.ts'
export {
  createMpcEngine,
  type DerivedPublic,
  type EngineSigningRequest,
  type MpcEngine,
  type MpcEngineOptions,
} from './createMpcEngine.ts'
export type { DkgStepResult, WorkerDkgOptions } from './dkgSessions.ts'
export { exposeMpcEngine, proxy, releaseProxy, wrapMpcEngine } from './exposeMpcEngine.ts'
export type { KeyInfo } from './keyVault.ts'
export { type NodePort, nodeEndpoint } from './nodeEndpoint.ts'
export { type ChannelOptions, openPrivate, sealPrivate } from './privatePayload.ts'
export type { ReshareStepResult } from './reshareSessions.ts'
export { memoryShareStore, type ShareStore, type StoredKey } from './shareStore.ts'
