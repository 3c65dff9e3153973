/**
 * Import of an existing BIP39 wallet (docs/THRESHOLD.md#refresh-backup-recovery: import behind
 * explicit confirmation): seed → BIP32 private key at `path` (default m/44'/60'/0'/0/0, so the
 * threshold address equals the seed wallet's first EVM address) → trusted-dealer split.
 * The chain code of that node becomes the key's chain code, so non-hardened children m/…/i of
 * the threshold key equal the seed wallet's children of that node. The mnemonic, seed and
 * private key are wiped; the caller must erase the mnemonic from its own memory and storage.
 */

import { clean } from '@noble/hashes/utils.js'
import { mnemonicToSeedSync, validateMnemonic } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english.js'
import type { KeyShare } from '../dkg/keyShare.ts'
import type { Rng } from '../encoding/random.ts'
import { MpcError } from '../errors.ts'
import { derivePrivate } from './bip32Private.ts'
import { splitExistingKeyIntoShares } from './splitExistingKeyIntoShares.ts'

export const DEFAULT_EVM_PATH = "m/44'/60'/0'/0/0"

export function importMnemonic(options: {
  readonly mnemonic: string
  readonly passphrase?: string
  readonly path?: string
  readonly keyId: string
  readonly t: number
  readonly n: number
  readonly rng?: Rng
}): KeyShare[] {
  if (!validateMnemonic(options.mnemonic, wordlist)) {
    throw new MpcError('Malformed', 'not a valid English BIP39 mnemonic')
  }
  const seed = mnemonicToSeedSync(options.mnemonic, options.passphrase ?? '')
  const { privateKey, chainCode } = derivePrivate(seed, options.path ?? DEFAULT_EVM_PATH)
  clean(seed)
  try {
    return splitExistingKeyIntoShares({
      curve: 'secp256k1',
      keyId: options.keyId,
      t: options.t,
      n: options.n,
      privateKey,
      chainCode,
      ...(options.rng === undefined ? {} : { rng: options.rng }),
    })
  } finally {
    clean(privateKey, chainCode)
  }
}
