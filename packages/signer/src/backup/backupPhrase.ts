/**
 * The wallet's 24-word backup phrase (docs/ARCHITECTURE.md#the-signer). mpc's `shareToPhrase`
 * writes ONE share as 26 words: 24 BIP39 words of the 32-byte share plus 2 words fingerprinting
 * key, epoch and index, and it drops the pairwise zero seeds, so a share typed back in cannot run
 * DKLs23 (its seeds with the device and the co-signer are gone) — and a wallet has two keys.
 * Here the phrase is the BACKUP PARTY'S SECRET instead: 24 BIP39 words over a 256-bit seed s
 * (the checksum catches typos), from which the backup party's X25519 key is derived
 * (HKDF-SHA256, `BACKUP_KEY_INFO`). The onboarding DKG encrypts the backup's share of BOTH keys,
 * with its zero seeds, to that key inside the public DKG transcripts, which the wallet keeps with
 * its public metadata. Phrase + transcript give back each full backup share (mpc's
 * `importOfflineShare` re-checks every dealer's proof and the public key), zero seeds included, so
 * a phrase-restored backup signs with the device exactly as the DKG left it. The rest (key ids,
 * epoch, index 3) is in the transcript. Never log a phrase, a seed or a share.
 */
import { x25519 } from '@noble/curves/ed25519.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { entropyToMnemonic, mnemonicToEntropy, validateMnemonic } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english.js'
import { type DkgTranscript, importOfflineShare, type KeyShare } from '@tessera/mpc'

export const PHRASE_WORDS = 24
/** The backup party's index in the 2-of-3 wallet (device 1, co-signer 2, backup 3). */
export const BACKUP_INDEX = 3
const BACKUP_KEY_INFO = utf8ToBytes('tessera/signer/backup-x25519/v1')

/** The 24 words of a 32-byte backup seed. */
export function seedToWords(seed: Uint8Array): string[] {
  if (!(seed instanceof Uint8Array) || seed.length !== 32)
    throw new TypeError('"seed" expected 32 bytes')
  return entropyToMnemonic(seed, wordlist).split(' ')
}

const normalize = (words: readonly string[]) =>
  words.map((w) => String(w).normalize('NFKD').trim().toLowerCase())

/** True when `words` are 24 BIP39 English words with a valid checksum. */
export function isPhrase(words: readonly string[]): boolean {
  return (
    Array.isArray(words) &&
    words.length === PHRASE_WORDS &&
    validateMnemonic(normalize(words).join(' '), wordlist)
  )
}

/** The seed of a phrase; TypeError when it is not 24 valid words. */
export function wordsToSeed(words: readonly string[]): Uint8Array {
  if (!isPhrase(words)) throw new TypeError('expected 24 BIP39 words with a valid checksum')
  return mnemonicToEntropy(normalize(words).join(' '), wordlist)
}

/** The backup party's X25519 key pair from its seed (the caller wipes `secretKey`). */
export function backupKeyOf(seed: Uint8Array): { secretKey: Uint8Array; publicKey: Uint8Array } {
  if (!(seed instanceof Uint8Array) || seed.length !== 32)
    throw new TypeError('"seed" expected 32 bytes')
  const secretKey = hkdf(sha256, seed, undefined, BACKUP_KEY_INFO, 32)
  return { secretKey, publicKey: x25519.getPublicKey(secretKey) }
}

/**
 * The backup party's share of the key `transcript` formed, from the backup seed: mpc checks the
 * transcript (proofs, commitments, public key) and decrypts the share with its zero seeds.
 */
export function backupShareOf(seed: Uint8Array, transcript: DkgTranscript): KeyShare {
  const { secretKey } = backupKeyOf(seed)
  try {
    return importOfflineShare(transcript, BACKUP_INDEX, secretKey)
  } finally {
    secretKey.fill(0)
  }
}
