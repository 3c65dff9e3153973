/**
 * A key's backup envelope (docs/ARCHITECTURE.md#recovery): the PUBLIC data that, with the backup
 * phrase, gives back the backup party's share of the key's current epoch — after onboarding the
 * DKG transcript (the backup's share inside it is ECIES-encrypted to the phrase's X25519 key),
 * after a recovery or refresh the backup's new share sealed to the NEW phrase's key (mpc worker
 * `sealBackupShare`, bound to key id and epoch). The wallet keeps it with its metadata and the
 * co-signer keeps a copy (`/v1/keys/<keyId>/backup`), because a new device has nothing else:
 * ciphertext and public commitments only, useless without the phrase.
 */
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { utf8 } from '@scure/base'
import type { DkgTranscript, KeyShare, PublicKeyState } from '@tessera/mpc'
import { openBackupShare } from '@tessera/mpc/worker'
import { backupKeyOf, backupShareOf } from '../backup/backupPhrase.ts'
import { WalletError } from './walletError.ts'
import { decode, encode } from './walletRecord.ts'

export type BackupEnvelope =
  | { readonly v: 1; readonly kind: 'dkg'; readonly transcript: DkgTranscript }
  | {
      readonly v: 1
      readonly kind: 'sealed'
      readonly keyId: string
      readonly epoch: number
      readonly sealed: Uint8Array
    }

export const envelopeBytes = (envelope: BackupEnvelope): Uint8Array => utf8ToBytes(encode(envelope))

export function parseEnvelope(bytes: Uint8Array): BackupEnvelope {
  let value: BackupEnvelope
  try {
    value = decode(utf8.encode(bytes)) as BackupEnvelope
  } catch (cause) {
    throw new WalletError('BackupUnavailable', 'the backup envelope is not readable', { cause })
  }
  if (
    value === null ||
    typeof value !== 'object' ||
    value.v !== 1 ||
    (value.kind === 'dkg' && !Array.isArray(value.transcript?.reveals)) ||
    (value.kind === 'sealed' && !(value.sealed instanceof Uint8Array)) ||
    (value.kind !== 'dkg' && value.kind !== 'sealed')
  )
    throw new WalletError('BackupUnavailable', 'the backup envelope has an unknown layout')
  return value
}

/** The epoch the envelope's backup share is of. */
export const envelopeEpoch = (e: BackupEnvelope): number => (e.kind === 'dkg' ? 0 : e.epoch)

/**
 * The backup's share from the seed and the envelope, checked against `record` (page side: the
 * seed is the phrase the page shows; used to write the passphrase file, then wiped by the caller).
 */
export function backupShareFromEnvelope(
  seed: Uint8Array,
  envelope: BackupEnvelope,
  record: PublicKeyState,
): KeyShare {
  if (envelope.kind === 'dkg') return backupShareOf(seed, envelope.transcript)
  return openBackupShare(
    {
      kind: 'sealed',
      sealed: envelope.sealed,
      keyId: envelope.keyId,
      epoch: envelope.epoch,
      backupKey: 'phrase',
    },
    record,
    () => backupKeyOf(seed).secretKey,
  )
}
