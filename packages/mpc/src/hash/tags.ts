/**
 * The registry of every hash tag (docs/THRESHOLD.md#hashing: Tags are versioned ASCII constants
 * kept in one registry file). Add new tags here only; `tags.test.ts` checks that they are unique.
 */
export const TAGS = {
  sid: 'tessera/v1/sid',
  echo: 'tessera/v1/echo',
  otBaseGroup: 'tessera/v1/ot/base/hash-to-group',
  otBasePad: 'tessera/v1/ot/base/pad',
  otExtChi: 'tessera/v1/ot/ext/chi',
  otExtRow: 'tessera/v1/ot/ext/row',
  otExtPrg: 'tessera/v1/ot/ext/prg',
  voleGadget: 'tessera/v1/vole/gadget',
  voleTheta: 'tessera/v1/vole/theta',
  voleMu: 'tessera/v1/vole/mu',
  zeroShare: 'tessera/v1/zero/share',
  zeroSeedSetup: 'tessera/v1/zero/seed-setup',
  dkls23Sid: 'tessera/v1/dkls23/sid',
  dkls23PairSid: 'tessera/v1/dkls23/pair-sid',
  dkls23Commit: 'tessera/v1/dkls23/commit',
  dkls23OtSetupSid: 'tessera/v1/dkls23/ot-setup-sid',
  echoDigest: 'tessera/v1/echo/digest',
  hashToScalar: 'tessera/v1/hash-to-scalar',
  dkgCommit: 'tessera/v1/dkg/commit',
  dkgPok: 'tessera/v1/dkg/pok',
  dkgZeroCommit: 'tessera/v1/dkg/zero-commit',
  dkgZeroSeed: 'tessera/v1/dkg/zero-seed',
  dkgBackupAad: 'tessera/v1/dkg/backup-aad',
  chainCode: 'tessera/v1/cc',
  dkgOk: 'tessera/v1/dkg/ok',
  ecies: 'tessera/v1/ecies',
  refreshCommit: 'tessera/v1/refresh/commit',
  refreshOk: 'tessera/v1/refresh/ok',
  refreshBackupAad: 'tessera/v1/refresh/backup-aad',
  reshareCommit: 'tessera/v1/reshare/commit',
  reshareState: 'tessera/v1/reshare/state',
  reshareSeed: 'tessera/v1/reshare/zero-seed',
  backupKey: 'tessera/v1/backup/key',
  backupPhrase: 'tessera/v1/backup/phrase',
  ed25519Derive: 'tessera/v1/derive/ed25519',
  dkls23Presignature: 'tessera/v1/dkls23/presignature',
} as const

export type Tag = (typeof TAGS)[keyof typeof TAGS]
