/**
 * The 24-word phrase form of one backup share. mpc's `shareToPhrase` gives 26 words: 24 BIP39
 * words of the 32-byte share x plus 2 "fingerprint" words (22 bits of a hash of curve, key id,
 * epoch, index and public key) so a phrase names its key, epoch and index. Those two words carry
 * nothing that cannot be derived: the share x itself proves which index it is (x·G = X_index in the
 * co-signer's public record, which import needs anyway) and which key and epoch (the record is
 * per key and epoch; a share of another epoch matches no X_i). So the phrase here is exactly the
 * 24 BIP39 words over x (256 bits; the BIP39 checksum catches typos), and import tries each index
 * of the record. A wallet has two keys, so its phrase backup is one such phrase per key.
 * The phrase carries no zero seeds: a restored secp256k1 share sets up fresh ones with the party
 * it signs with (`withZeroSeeds`, see restoreForSigning.ts) before DKLs23. Never log a phrase.
 */
import { bytesToHex } from '@noble/hashes/utils.js'
import { entropyToMnemonic, mnemonicToEntropy, validateMnemonic } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english.js'
import { type KeyShare, type PublicKeyState, validateKeyShare } from '@tessera/mpc'

export const PHRASE_WORDS = 24

export function shareToWords(share: KeyShare): string[] {
  validateKeyShare(share)
  return entropyToMnemonic(share.secretShare, wordlist).split(' ')
}

/** True when `words` are 24 BIP39 English words with a valid checksum. */
export function isPhrase(words: readonly string[]): boolean {
  return words.length === PHRASE_WORDS && validateMnemonic(normalize(words).join(' '), wordlist)
}

const normalize = (words: readonly string[]) =>
  words.map((w) => w.normalize('NFKD').trim().toLowerCase())

/**
 * The share `words` encode, matched against the key's public record (index found by x·G = X_i).
 * Throws TypeError for words that are not a phrase, RangeError for a phrase of another key/epoch.
 */
export function wordsToShare(words: readonly string[], record: PublicKeyState): KeyShare {
  if (!isPhrase(words)) throw new TypeError('expected 24 BIP39 words with a valid checksum')
  const secretShare = mnemonicToEntropy(normalize(words).join(' '), wordlist)
  for (let index = 1; index <= record.n; index++) {
    const share: KeyShare = {
      v: 1,
      curve: record.curve,
      keyId: record.keyId,
      epoch: record.epoch,
      index,
      t: record.t,
      n: record.n,
      secretShare: secretShare.slice(),
      publicKey: record.publicKey.slice(),
      publicShares: record.publicShares.map((x) => x.slice()),
      chainCode: record.chainCode.slice(),
      zeroSeeds: {},
    }
    try {
      validateKeyShare(share)
      secretShare.fill(0)
      return share
    } catch {
      share.secretShare.fill(0)
    }
  }
  secretShare.fill(0)
  throw new RangeError(
    `the phrase is not a share of key ${record.keyId} epoch ${record.epoch} (${bytesToHex(record.publicKey).slice(0, 16)}…)`,
  )
}
