/**
 * Extended public key export (BIP32 serialisation, mainnet xpub version 0x0488B21E) so any BIP32
 * wallet derives the same non-hardened children. Base58Check is implemented here (small, public
 * data only). Never serialises a private key.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import type { PublicKeyState } from '../dkg/keyShare.ts'
import { concatBytes, u32be } from '../encoding/bytes.ts'
import { deriveSecp256k1 } from './bip32.ts'

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
const XPUB_VERSION = 0x0488b21e

export function base58check(payload: Uint8Array): string {
  const data = concatBytes(payload, sha256(sha256(payload)).subarray(0, 4))
  let value = 0n
  for (const b of data) value = (value << 8n) | BigInt(b)
  let out = ''
  while (value > 0n) {
    out = (ALPHABET[Number(value % 58n)] as string) + out
    value /= 58n
  }
  for (const b of data) {
    if (b !== 0) break
    out = `1${out}`
  }
  return out
}

/** The xpub of the threshold key at a non-hardened path ("m" for the root). */
export function exportXpub(state: PublicKeyState, path: string | readonly number[] = 'm'): string {
  const d = deriveSecp256k1(state, path)
  if (d.depth > 255) throw new RangeError('path too deep for BIP32 serialisation')
  return base58check(
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
