/**
 * 26-word phrase form of a backup share (Tessera's own format, documented here):
 * - words 1–24: BIP39 English mnemonic whose 256-bit entropy is the 32-byte share x_k in the
 *   curve's scalar encoding (the BIP39 checksum catches typos);
 * - words 25–26: 22 bits of fp = H("backup/phrase", curve, keyId, epoch, index, PK), so a phrase is
 *   matched to its key, epoch and party index against the co-signer's public record.
 * Import tries each index of the record, then checks x·G = X_index. The phrase carries no zero
 * seeds or OT state; those are set up again when the party next signs. Never log a phrase.
 */

import { utf8ToBytes } from '@noble/hashes/utils.js'
import { entropyToMnemonic, mnemonicToEntropy } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english.js'
import { type KeyShare, type PublicKeyState, validateKeyShare } from '../dkg/keyShare.ts'
import { u32be } from '../encoding/codec.ts'
import { MpcError } from '../errors.ts'
import { taggedHash } from '../hash/tagged.ts'
import { TAGS } from '../hash/tags.ts'

function fingerprintWords(record: PublicKeyState, index: number): [string, string] {
  const h = taggedHash(
    TAGS.backupPhrase,
    utf8ToBytes(record.curve),
    utf8ToBytes(record.keyId),
    u32be(record.epoch),
    Uint8Array.of(index),
    record.publicKey,
  )
  const bits = (((h[0] as number) << 16) | ((h[1] as number) << 8) | (h[2] as number)) >>> 2
  return [wordlist[(bits >>> 11) & 0x7ff] as string, wordlist[bits & 0x7ff] as string]
}

export function shareToPhrase(share: KeyShare): string {
  validateKeyShare(share)
  const words = entropyToMnemonic(share.secretShare, wordlist)
  return `${words} ${fingerprintWords(share, share.index).join(' ')}`
}

export function phraseToShare(phrase: string, record: PublicKeyState): KeyShare {
  const words = phrase.normalize('NFKD').trim().split(/\s+/)
  if (words.length !== 26) throw new MpcError('Malformed', `expected 26 words, got ${words.length}`)
  let secretShare: Uint8Array
  try {
    secretShare = mnemonicToEntropy(words.slice(0, 24).join(' '), wordlist)
  } catch (cause) {
    throw new MpcError('Malformed', 'the first 24 words are not a valid BIP39 phrase', { cause })
  }
  const tail = words.slice(24).join(' ')
  const index = Array.from({ length: record.n }, (_, k) => k + 1).find(
    (i) => fingerprintWords(record, i).join(' ') === tail,
  )
  if (index === undefined) {
    throw new MpcError(
      'Malformed',
      'phrase does not belong to this key and epoch (fingerprint words differ)',
    )
  }
  const share: KeyShare = {
    v: 1,
    curve: record.curve,
    keyId: record.keyId,
    epoch: record.epoch,
    index,
    t: record.t,
    n: record.n,
    secretShare,
    publicKey: record.publicKey.slice(),
    publicShares: record.publicShares.map((x) => x.slice()),
    chainCode: record.chainCode.slice(),
    zeroSeeds: {},
  }
  try {
    validateKeyShare(share)
  } catch (cause) {
    throw new MpcError('Abort', `phrase share fails the key checks: ${(cause as Error).message}`, {
      cause,
    })
  }
  return share
}
