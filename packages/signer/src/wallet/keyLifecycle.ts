/**
 * Recovery, refresh and full-key export of the wallet's two keys with the co-signer
 * (docs/ARCHITECTURE.md#recovery).
 *
 * Recovery on a new device: per key, the co-signer's public record and the backup envelope
 * (backupEnvelope.ts) are read; the backup's share is opened INSIDE the engine for this run only
 * (from the phrase's key, or from the passphrase file) and never stored; the engine hosts the
 * backup as a helper and the new device as the target of the co-signer's `recovery` re-share.
 * The device's new share (index 1, epoch e+1) is the only one stored; the backup's new share
 * comes out sealed to a NEW backup key (a fresh phrase), so the backup leaves the device only
 * encrypted. The co-signer retires epoch e: the lost device's share is refused from then on.
 *
 * Refresh: the co-signer's `refresh` with a new backup key — device and co-signer deal, the
 * engine hosts the backup as the target and seals its fresh share to the new key. The old phrase
 * and the old file are of epoch e and no longer combine with anything.
 *
 * Both end with a DKLs23 OT setup for secp256k1 and a new backup envelope (kept locally, then on
 * the co-signer); the wallet then offers the new phrase (`backupDue`).
 */
import { bytesToHex } from '@noble/hashes/utils.js'
import type { PublicKeyState } from '@tessera/mpc'
import type { BackupSource } from '@tessera/mpc/worker'
import { BACKUP_INDEX, backupKeyOf } from '../backup/backupPhrase.ts'
import type { WalletBackup } from '../backup/exportWalletBackup.ts'
import {
  type Finished,
  lifecycleOf,
  otSetupWithCosigner,
  type ReshareProgress,
  runReshare,
} from '../engine/runReshare.ts'
import type { SignerContext, WalletKey } from '../engine/types.ts'
import {
  type BackupEnvelope,
  envelopeBytes,
  envelopeEpoch,
  parseEnvelope,
} from './backupEnvelope.ts'
import { WALLET_KEY_IDS } from './onboard.ts'
import { WalletError } from './walletError.ts'
import { CURVES, type KeyCurve } from './walletRecord.ts'

const DEVICE = 1
const COSIGNER = 2

export type KeyProgress = ReshareProgress & { readonly curve: KeyCurve }

/** What a recovery starts from: the 24 words, or the backup file and its passphrase. */
export type RecoverySource =
  | { readonly seed: Uint8Array }
  | { readonly file: WalletBackup; readonly passphrase: string }

export type RotatedKey = {
  readonly key: WalletKey
  readonly envelope: BackupEnvelope
}

function sealedOf(
  result: Finished | undefined,
  curve: KeyCurve,
): { share: Uint8Array; public: PublicKeyState } {
  if (result === undefined || !('sealed' in result))
    throw new WalletError('RecoveryFailed', `the ${curve} backup share was not sealed`)
  return result.sealed
}

function envelopeOf(
  sealed: { share: Uint8Array; public: PublicKeyState },
  keyId: string,
): BackupEnvelope {
  return { v: 1, kind: 'sealed', keyId, epoch: sealed.public.epoch, sealed: sealed.share }
}

/** Recovers one key: the device's new share stored, the backup's sealed to `newBackupKey`. */
export async function recoverKey(
  ctx: SignerContext,
  curve: KeyCurve,
  source: RecoverySource,
  newBackupKey: Uint8Array,
  onProgress?: (p: KeyProgress) => void,
): Promise<RotatedKey> {
  const link = lifecycleOf(ctx)
  const { engine } = ctx
  const keyId = WALLET_KEY_IDS[curve]
  const { backupKey: recordedBackupKey, ...record } = await link.record(ctx.session(), keyId)
  let backupKey: string | undefined
  try {
    let backup: BackupSource
    if ('seed' in source) {
      const found = await link.backupEnvelope.get(ctx.session(), keyId)
      if (found === undefined)
        throw new WalletError(
          'RecoveryFailed',
          `the co-signer keeps no backup envelope for the ${curve} key: recover from the backup file`,
        )
      const envelope = parseEnvelope(found.envelope)
      if (envelopeEpoch(envelope) !== record.epoch)
        throw new WalletError(
          'RecoveryFailed',
          `the backup envelope is of epoch ${envelopeEpoch(envelope)} but the key is at epoch ${record.epoch}`,
        )
      const { secretKey, publicKey } = backupKeyOf(source.seed)
      if (
        recordedBackupKey !== undefined &&
        bytesToHex(recordedBackupKey) !== bytesToHex(publicKey)
      ) {
        secretKey.fill(0)
        throw new WalletError(
          'BackupOutdated',
          `this phrase is not the backup of the ${curve} key's epoch ${record.epoch}: it was replaced by a refresh or recovery (use the phrase made then), or it is another wallet's`,
        )
      }
      try {
        backupKey = (await engine.importBackupKey(secretKey)).handle
      } finally {
        secretKey.fill(0)
      }
      backup =
        envelope.kind === 'dkg'
          ? { kind: 'transcript', transcript: envelope.transcript, backupKey }
          : {
              kind: 'sealed',
              sealed: envelope.sealed,
              keyId: envelope.keyId,
              epoch: envelope.epoch,
              backupKey,
            }
    } else {
      backup = { kind: 'blob', blob: source.file[curve], passphrase: source.passphrase }
    }
    const helpers = [COSIGNER, BACKUP_INDEX]
    const results = await runReshare(
      ctx,
      { protocol: 'recovery', keyId, epoch: record.epoch, backupKey: newBackupKey },
      async () => {
        const target = await engine.recoveryTargetStart({ record, index: DEVICE, helpers })
        try {
          const helper = await engine.backupHelperStart(backup, {
            record,
            helpers,
            target: DEVICE,
            sealTo: newBackupKey,
          })
          return new Map([
            [DEVICE, target],
            [BACKUP_INDEX, helper],
          ])
        } catch (error) {
          await engine.reshareAbort(target.session)
          throw error
        }
      },
      (p) => onProgress?.({ ...p, curve }),
    ).catch((error: unknown) => {
      throw refusal(error, curve)
    })
    const device = results.get(DEVICE)
    if (device === undefined || !('key' in device))
      throw new WalletError('RecoveryFailed', `the ${curve} device share was not formed`)
    const key = { handle: device.key.handle, public: device.key.public }
    if (curve === 'secp256k1')
      await otSetupWithCosigner(ctx, { handle: key.handle, keyId, epoch: key.public.epoch })
    return { key, envelope: envelopeOf(sealedOf(results.get(BACKUP_INDEX), curve), keyId) }
  } finally {
    if (backupKey !== undefined) await engine.dropBackupKey(backupKey)
  }
}

/** Refreshes one key to epoch e+1, the backup getting a fresh share sealed to `newBackupKey`. */
export async function refreshKey(
  ctx: SignerContext,
  curve: KeyCurve,
  key: WalletKey,
  newBackupKey: Uint8Array,
  onProgress?: (p: KeyProgress) => void,
): Promise<RotatedKey> {
  const { engine } = ctx
  const keyId = WALLET_KEY_IDS[curve]
  const record = key.public
  const helpers = [DEVICE, COSIGNER]
  const results = await runReshare(
    ctx,
    { protocol: 'refresh', keyId, epoch: record.epoch, backupKey: newBackupKey },
    async () => {
      const device = await engine.recoveryHelperStart(key.handle, {
        helpers,
        target: BACKUP_INDEX,
      })
      try {
        const backup = await engine.backupTargetStart({
          record,
          index: BACKUP_INDEX,
          helpers,
          sealTo: newBackupKey,
        })
        return new Map([
          [DEVICE, device],
          [BACKUP_INDEX, backup],
        ])
      } catch (error) {
        await engine.reshareAbort(device.session)
        throw error
      }
    },
    (p) => onProgress?.({ ...p, curve }),
  )
  const device = results.get(DEVICE)
  if (device === undefined || !('key' in device))
    throw new WalletError('RecoveryFailed', `the ${curve} refresh did not switch the device share`)
  const next = { handle: device.key.handle, public: device.key.public }
  if (curve === 'secp256k1')
    await otSetupWithCosigner(ctx, { handle: next.handle, keyId, epoch: next.public.epoch })
  return { key: next, envelope: envelopeOf(sealedOf(results.get(BACKUP_INDEX), curve), keyId) }
}

/** A co-signer refusal of a backup from before a refresh, named precisely. */
function refusal(error: unknown, curve: KeyCurve): unknown {
  const message = String((error as Error)?.message ?? '')
  if (/epoch/.test(message) && /backup/.test(message))
    return new WalletError('BackupOutdated', message, { cause: error })
  if (/does not open|wrong passphrase/.test(message))
    return new WalletError('WrongBackup', `the ${curve} backup does not open: ${message}`, {
      cause: error,
    })
  return error
}

export const ENVELOPE_CURVES = CURVES
export { envelopeBytes }
