/**
 * BIP32 CKDpub on the threshold secp256k1 key (docs/THRESHOLD.md#non-hardened-derivation):
 * I = HMAC-SHA512(c, serP(K) ‖ ser32(i)), K' = K + IL·G, c' = IR, and δ = Σ IL mod q along the
 * path. Every party adds δ to its share (Σλ = 1). Public data only: the chain code is not secret
 * from the parties, but δ must be bound into any presignature's sid by the signing protocol.
 */
import { hmac } from '@noble/hashes/hmac.js'
import { ripemd160 } from '@noble/hashes/legacy.js'
import { sha256, sha512 } from '@noble/hashes/sha2.js'
import { abytes, concatBytes } from '@noble/hashes/utils.js'
import type { PublicKeyState } from '../dkg/keyShare.ts'
import { u32be } from '../encoding/codec.ts'
import { curveInfo } from '../encoding/curve.ts'
import { decodePoint, encodePoint, mulBase } from '../encoding/points.ts'
import { modN } from '../encoding/scalars.ts'
import { parsePath } from './path.ts'

export type DerivedKey = {
  /** δ = Σ IL mod q: add to every share (or pass to the signer) to sign for this child. */
  readonly delta: bigint
  readonly publicKey: Uint8Array
  readonly chainCode: Uint8Array
  readonly depth: number
  /** First 4 bytes of HASH160 of the parent key (0 at the root). */
  readonly parentFingerprint: number
  readonly childNumber: number
}

function bytesToBigBE(b: Uint8Array): bigint {
  let v = 0n
  for (const x of b) v = (v << 8n) | BigInt(x)
  return v
}

export function fingerprint(publicKey: Uint8Array): number {
  const h = ripemd160(sha256(publicKey))
  return new DataView(h.buffer, h.byteOffset, 4).getUint32(0)
}

/** One CKDpub step; throws if IL ≥ q or the child is O (BIP32: skip to the next index). */
export function ckdPub(publicKey: Uint8Array, chainCode: Uint8Array, index: number) {
  const I = hmac(sha512, chainCode, concatBytes(publicKey, u32be(index)))
  const IL = bytesToBigBE(I.subarray(0, 32))
  if (IL >= curveInfo('secp256k1').order) throw new RangeError(`BIP32: IL ≥ n at index ${index}`)
  const child = decodePoint('secp256k1', publicKey, 'publicKey').add(mulBase('secp256k1', IL))
  if (child.is0()) throw new RangeError(`BIP32: child key is the identity at index ${index}`)
  return { IL, publicKey: encodePoint('secp256k1', child), chainCode: I.slice(32) }
}

export function deriveSecp256k1(
  state: PublicKeyState,
  path: string | readonly number[],
): DerivedKey {
  if (state.curve !== 'secp256k1') throw new TypeError('BIP32 derivation needs a secp256k1 key')
  let publicKey: Uint8Array = abytes(state.publicKey, 33, 'publicKey').slice()
  let chainCode: Uint8Array = abytes(state.chainCode, 32, 'chainCode').slice()
  let delta = 0n
  let parentFingerprint = 0
  let childNumber = 0
  const steps = parsePath(path)
  for (const i of steps) {
    parentFingerprint = fingerprint(publicKey)
    const next = ckdPub(publicKey, chainCode, i)
    delta = modN('secp256k1', delta + next.IL)
    publicKey = next.publicKey
    chainCode = next.chainCode
    childNumber = i
  }
  return { delta, publicKey, chainCode, depth: steps.length, parentFingerprint, childNumber }
}
