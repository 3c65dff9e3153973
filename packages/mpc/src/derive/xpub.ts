/**
 * Extended public key export (BIP32 serialisation, mainnet xpub version 0x0488B21E) so any BIP32
 * wallet derives the same non-hardened children. Base58Check is @scure/base's, over SHA-256.
 * Never serialises a private key.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { concatBytes } from '@noble/hashes/utils.js'
import { createBase58check } from '@scure/base'
import type { PublicKeyState } from '../dkg/keyShare.ts'
import { u32be } from '../encoding/codec.ts'
import { deriveSecp256k1 } from './bip32.ts'

const XPUB_VERSION = 0x0488b21e
const base58check = createBase58check(sha256)

/** The xpub of the threshold key at a non-hardened path ("m" for the root). */
export function exportXpub(state: PublicKeyState, path: string | readonly number[] = 'm'): string {
  const d = deriveSecp256k1(state, path)
  if (d.depth > 255) throw new RangeError('path too deep for BIP32 serialisation')
  return base58check.encode(
    concatBytes(
      u32be(XPUB_VERSION),
      Uint8Array.of(d.depth),
      u32be(d.parentFingerprint),
      u32be(d.childNumber),
      d.chainCode,
      d.publicKey,
    ),
  )
}
