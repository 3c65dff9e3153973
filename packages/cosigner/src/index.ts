/**
 * @tessera/cosigner — the server party of every key: login adapters, session JWTs, shares and
 * presignatures encrypted at rest, policy, a tamper-evident audit log, and the Noise-IK MPC
 * channel whose protocol runs plug in through `MpcParty`. Explicit exports only.
 */

export { ConfigError, type ConfigErrorCode } from '@tessera/server-kit'
export type { AuditKind, AuditRecord } from './audit/auditHash.ts'
export { appendAudit, listAudit } from './audit/auditLog.ts'
export { type AuditVerification, verifyAudit } from './audit/verifyAudit.ts'
export { runCli } from './cli.ts'
export { type CosignerConfig, DEFAULTS, loadConfig, OPTIONS } from './config.ts'
export { createKeyring, type Keyring, type MasterKey, masterKey } from './crypto/masterKey.ts'
export type { RecordContext, RecordKind } from './crypto/recordContext.ts'
export { rotateMasterKey } from './crypto/rotateMasterKey.ts'
export { openRecord, type SealedRecord, sealRecord } from './crypto/sealRecord.ts'
export { CosignerError, type CosignerErrorCode, PolicyDeniedError } from './errors.ts'
export { type Session, type SessionClaims, verifySessionToken } from './jwt/sessionToken.ts'
export { createAlipayClient } from './login/alipay.ts'
export type { LoginIdentity, Provider } from './login/identity.ts'
export { createOidcVerifier } from './login/oidc.ts'
export { type TelegramCheck, verifyTelegramInitData } from './login/telegramInitData.ts'
export { createWeChatClient } from './login/wechat.ts'
export {
  type MpcOpenRun,
  type MpcParty,
  type MpcProtocolInfo,
  type MpcRun,
  type MpcRunRequest,
  type MpcStepResult,
  NO_MPC_PARTY,
} from './mpc/mpcParty.ts'
export type {
  MpcPartyFactory,
  MpcRunContext,
  PartyServices,
  ServedProtocol,
} from './mpc/party/partyServices.ts'
export { authorizeSigning } from './policy/authorizeSigning.ts'
export {
  type DecodedRequest,
  decodeSigningRequest,
  type SigningRequest,
} from './policy/decodeRequest.ts'
export { DEFAULT_POLICY, type Policy, parsePolicy, SIGNING_METHODS } from './policy/policy.ts'
export { type RunningCosigner, type StartOptions, startCosigner } from './startCosigner.ts'
export type { Database, EngineName, Queryable } from './storage/database.ts'
export { acquireKeyLock, releaseKeyLock, withKeyLock } from './storage/keyLocks.ts'
export { getShare, type KeyRecord, listKeys, putKey } from './storage/keys.ts'
export { migrate } from './storage/migrate.ts'
export { openDatabase, type StorageConfig } from './storage/openDatabase.ts'
export { consumePresignature, putPresignature } from './storage/presignatures.ts'
