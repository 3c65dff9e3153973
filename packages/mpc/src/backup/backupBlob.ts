/**
 * Backup export/import (docs/THRESHOLD.md#refresh-backup-recovery): a versioned blob
 * {v, curve, keyId, epoch, index, t, n, PK, X_1..X_n, chainCode, encShare, kdf} where encShare is
 * XChaCha20-Poly1305 under argon2id(passphrase). The public header is the associated data, so it
 * cannot be swapped. Plaintext: x_i (32) ‖ u8 count ‖ count × (u8 j ‖ zero seed (32)).
 * Defaults follow RFC 9106 §4's second recommendation scaled for browsers: argon2id t=3,
 * m=64 MiB, p=1. Import refuses a share with share·G ≠ X_index or a PK other than the
 * co-signer's record. Never returns or logs the passphrase-derived key.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { equalBytes } from '@noble/curves/utils.js'
import { argon2id } from '@noble/hashes/argon2.js'
import { clean, utf8ToBytes } from '@noble/hashes/utils.js'
import { type KeyShare, type PublicKeyState, validateKeyShare } from '../dkg/keyShare.ts'
import { ByteReader, ByteWriter, u32be } from '../encoding/codec.ts'
import type { CurveName } from '../encoding/curve.ts'
import { expectInt } from '../encoding/expectInt.ts'
import { type Rng, randomBytes } from '../encoding/random.ts'
import { MpcError } from '../errors.ts'
import { taggedHash } from '../hash/tagged.ts'
import { TAGS } from '../hash/tags.ts'

export type KdfParams = {
  readonly alg: 'argon2id'
  readonly t: number
  readonly m: number
  readonly p: number
  readonly salt: Uint8Array
}

export const DEFAULT_KDF = { t: 3, m: 64 * 1024, p: 1 } as const

export type BackupBlob = {
  readonly v: 1
  readonly curve: CurveName
  readonly keyId: string
  readonly epoch: number
  readonly index: number
  readonly t: number
  readonly n: number
  readonly publicKey: Uint8Array
  readonly publicShares: readonly Uint8Array[]
  readonly chainCode: Uint8Array
  /** nonce (24) ‖ ciphertext ‖ tag. */
  readonly encShare: Uint8Array
  readonly kdf: KdfParams
}

function headerAad(b: Omit<BackupBlob, 'encShare'>): Uint8Array {
  return taggedHash(
    TAGS.backupKey,
    Uint8Array.of(b.v),
    utf8ToBytes(b.curve),
    utf8ToBytes(b.keyId),
    u32be(b.epoch),
    Uint8Array.of(b.index, b.t, b.n),
    b.publicKey,
    ...b.publicShares,
    b.chainCode,
    utf8ToBytes(b.kdf.alg),
    u32be(b.kdf.t),
    u32be(b.kdf.m),
    u32be(b.kdf.p),
    b.kdf.salt,
  )
}

function deriveKey(passphrase: string, kdf: KdfParams): Uint8Array {
  if (typeof passphrase !== 'string' || passphrase.length === 0)
    throw new TypeError('"passphrase" expected a non-empty string')
  return argon2id(utf8ToBytes(passphrase.normalize('NFKC')), kdf.salt, {
    t: kdf.t,
    m: kdf.m,
    p: kdf.p,
    dkLen: 32,
  })
}

export function exportBackup(
  share: KeyShare,
  passphrase: string,
  options: { kdf?: { t: number; m: number; p: number }; rng?: Rng } = {},
): BackupBlob {
  validateKeyShare(share)
  const cost = options.kdf ?? DEFAULT_KDF
  const kdf: KdfParams = {
    alg: 'argon2id',
    t: cost.t,
    m: cost.m,
    p: cost.p,
    salt: randomBytes(16, options.rng),
  }
  const header = {
    v: 1 as const,
    curve: share.curve,
    keyId: share.keyId,
    epoch: share.epoch,
    index: share.index,
    t: share.t,
    n: share.n,
    publicKey: share.publicKey.slice(),
    publicShares: share.publicShares.map((x) => x.slice()),
    chainCode: share.chainCode.slice(),
    kdf,
  }
  const seeds = Object.entries(share.zeroSeeds)
  const w = new ByteWriter().bytes(share.secretShare).u8(seeds.length)
  for (const [j, seed] of seeds) w.u8(Number(j)).bytes(seed)
  const plaintext = w.finish()
  const key = deriveKey(passphrase, kdf)
  const nonce = randomBytes(24, options.rng)
  const ct = xchacha20poly1305(key, nonce, headerAad(header)).encrypt(plaintext)
  clean(key, plaintext)
  const encShare = new Uint8Array(24 + ct.length)
  encShare.set(nonce)
  encShare.set(ct, 24)
  return { ...header, encShare }
}

/**
 * Decrypts a backup; `record` is the co-signer's public state, which the share must match. The
 * record is required: a share checked only against its own header could be of any key or epoch.
 */
export function importBackup(
  blob: BackupBlob,
  passphrase: string,
  record: PublicKeyState,
): KeyShare {
  if (record === null || typeof record !== 'object')
    throw new TypeError('"record" expected the co-signer\'s public key state')
  if (blob.v !== 1) throw new MpcError('Malformed', `unsupported backup v=${String(blob.v)}`)
  if (blob.kdf?.alg !== 'argon2id') throw new MpcError('Malformed', 'unsupported backup KDF')
  expectInt(blob.kdf.t, 1, 64, 'kdf.t')
  expectInt(blob.kdf.m, 8, 4 * 1024 * 1024, 'kdf.m')
  expectInt(blob.kdf.p, 1, 16, 'kdf.p')
  const key = deriveKey(passphrase, blob.kdf)
  let plaintext: Uint8Array
  try {
    plaintext = xchacha20poly1305(key, blob.encShare.subarray(0, 24), headerAad(blob)).decrypt(
      blob.encShare.subarray(24),
    )
  } catch (cause) {
    throw new MpcError('Malformed', 'wrong passphrase or corrupted backup', { cause })
  } finally {
    clean(key)
  }
  const r = new ByteReader(plaintext)
  const secretShare = r.bytes(32)
  const zeroSeeds: Record<number, Uint8Array> = {}
  const count = r.u8()
  for (let k = 0; k < count; k++) {
    const j = r.u8()
    zeroSeeds[j] = r.bytes(32)
  }
  r.end()
  clean(plaintext)
  const share: KeyShare = {
    v: 1,
    curve: blob.curve,
    keyId: blob.keyId,
    epoch: blob.epoch,
    index: blob.index,
    t: blob.t,
    n: blob.n,
    secretShare,
    publicKey: blob.publicKey.slice(),
    publicShares: blob.publicShares.map((x) => x.slice()),
    chainCode: blob.chainCode.slice(),
    zeroSeeds,
  }
  try {
    validateKeyShare(share)
  } catch (cause) {
    throw new MpcError('Abort', `backup share fails the key checks: ${(cause as Error).message}`, {
      cause,
    })
  }
  checkAgainstRecord(share, record)
  return share
}

/** Refuses a share whose public state differs from the co-signer's record. */
export function checkAgainstRecord(share: KeyShare, record: PublicKeyState): void {
  const same =
    share.curve === record.curve &&
    share.keyId === record.keyId &&
    share.epoch === record.epoch &&
    equalBytes(share.publicKey, record.publicKey) &&
    share.publicShares.length === record.publicShares.length &&
    share.publicShares.every((x, k) => equalBytes(x, record.publicShares[k] as Uint8Array))
  if (!same)
    throw new MpcError('Abort', 'backup does not match the co-signer record (key or epoch differs)')
}
