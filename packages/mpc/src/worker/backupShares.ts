/**
 * The backup party's share as the wallet's new device uses it (docs/THRESHOLD.md#recovery): only
 * inside the engine, only for the length of one re-share run, never in the share store. A backup
 * share comes from the DKG transcript (ECIES-encrypted to the backup's X25519 key), from a
 * sealed share (the backup's share of a later epoch, ECIES-sealed to its key: `sealBackupShare`)
 * or from a passphrase backup blob; every one is checked against the co-signer's public record.
 */
import { x25519 } from '@noble/curves/ed25519.js'
import { clean, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { type BackupBlob, checkAgainstRecord, importBackup } from '../backup/backupBlob.ts'
import { eciesOpen, eciesSeal } from '../backup/ecies.ts'
import { importOfflineShare } from '../dkg/importOfflineShare.ts'
import type { KeyShare, PublicKeyState } from '../dkg/keyShare.ts'
import { deserializeKeyShare, serializeKeyShare } from '../dkg/keyShareCodec.ts'
import type { DkgTranscript } from '../dkg/types.ts'
import type { Rng } from '../encoding/random.ts'
import { MpcError } from '../errors.ts'

/** Where a backup share comes from; `backupKey` is a handle of the engine's X25519 keys. */
export type BackupSource =
  | { readonly kind: 'transcript'; readonly transcript: DkgTranscript; readonly backupKey: string }
  | {
      readonly kind: 'sealed'
      readonly sealed: Uint8Array
      readonly keyId: string
      readonly epoch: number
      readonly backupKey: string
    }
  | { readonly kind: 'blob'; readonly blob: BackupBlob; readonly passphrase: string }

const BACKUP_INDEX = 3

export const x25519PublicKey = (secretKey: Uint8Array): Uint8Array => x25519.getPublicKey(secretKey)

function aad(keyId: string, epoch: number): Uint8Array {
  return concatBytes(utf8ToBytes(`tessera/backup-share/v1\u0000${keyId}\u0000`), u32(epoch))
}
function u32(n: number): Uint8Array {
  const out = new Uint8Array(4)
  new DataView(out.buffer).setUint32(0, n)
  return out
}

/** The backup's share (zero seeds included) sealed to its X25519 key, bound to key id and epoch. */
export function sealBackupShare(share: KeyShare, recipient: Uint8Array, rng?: Rng): Uint8Array {
  const plaintext = serializeKeyShare(share)
  try {
    return eciesSeal(recipient, plaintext, aad(share.keyId, share.epoch), rng)
  } finally {
    clean(plaintext)
  }
}

/** Opens a backup share from `source`, checked against `record`; the caller wipes it. */
export function openBackupShare(
  source: BackupSource,
  record: PublicKeyState,
  takeKey: (handle: string) => Uint8Array,
): KeyShare {
  let share: KeyShare
  if (source?.kind === 'blob') {
    // The epoch first (before the costly KDF): an old file gets the precise refusal.
    if (source.blob?.epoch !== record.epoch) throw outdated(source.blob?.epoch, record.epoch)
    share = importBackup(source.blob, source.passphrase, record)
  } else if (source?.kind === 'transcript' || source?.kind === 'sealed') {
    const secretKey = takeKey(source.backupKey)
    try {
      if (source.kind === 'transcript') {
        share = importOfflineShare(source.transcript, BACKUP_INDEX, secretKey)
      } else {
        let plaintext: Uint8Array
        try {
          plaintext = eciesOpen(secretKey, source.sealed, aad(source.keyId, source.epoch))
        } catch (cause) {
          throw new MpcError(
            'Abort',
            'the sealed backup share does not open with this backup key',
            {
              cause,
            },
          )
        }
        try {
          share = deserializeKeyShare(plaintext)
        } finally {
          clean(plaintext)
        }
      }
    } finally {
      clean(secretKey)
    }
  } else {
    throw new MpcError('Malformed', '"source.kind" expected transcript, sealed or blob')
  }
  try {
    if (share.index !== BACKUP_INDEX)
      throw new MpcError('Abort', `a backup share has index ${BACKUP_INDEX}, not ${share.index}`)
    if (share.epoch !== record.epoch) throw outdated(share.epoch, record.epoch)
    checkAgainstRecord(share, record)
  } catch (error) {
    wipeShare(share)
    throw error
  }
  return share
}

const outdated = (epoch: unknown, current: number) =>
  new MpcError(
    'Abort',
    `the backup is of epoch ${String(epoch)} but the key is at epoch ${current}: a backup from before a refresh or recovery no longer combines; use the backup made at epoch ${current}`,
  )

export function wipeShare(share: KeyShare): void {
  clean(share.secretShare)
  for (const seed of Object.values(share.zeroSeeds)) clean(seed)
}
