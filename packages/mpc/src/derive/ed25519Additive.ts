/**
 * Non-hardened additive derivation for Ed25519 (docs/THRESHOLD.md#non-hardened-derivation; SLIP-10
 * is hardened-only). Tessera's own scheme, specified here:
 *   I = HMAC-SHA512(key = cc, data = A ‖ ser32(i)), i < 2^31, A the 32-byte encoded public key;
 *   δ_step = IL mod L with IL = I[0..32) read LITTLE-endian (Ed25519's scalar convention);
 *   A' = A + δ_step·G, cc' = I[32..64); δ = Σ δ_step mod L along the path.
 * If A' is the identity the step fails (caller picks the next index). Not interoperable with any
 * other wallet; the signer adds δ to its share exactly as for secp256k1.
 */
import { hmac } from '@noble/hashes/hmac.js'
import { sha512 } from '@noble/hashes/sha2.js'
import { abytes, concatBytes } from '@noble/hashes/utils.js'
import type { PublicKeyState } from '../dkg/keyShare.ts'
import { u32be } from '../encoding/codec.ts'
import { curveInfo } from '../encoding/curve.ts'
import { decodePoint, encodePoint, mulBase } from '../encoding/points.ts'
import { modN } from '../encoding/scalars.ts'
import { parsePath } from './path.ts'

export type Ed25519DerivedKey = {
  readonly delta: bigint
  readonly publicKey: Uint8Array
  readonly chainCode: Uint8Array
}

function bytesToBigLE(b: Uint8Array): bigint {
  let v = 0n
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i] as number)
  return v
}

export function deriveEd25519(
  state: PublicKeyState,
  path: string | readonly number[],
): Ed25519DerivedKey {
  if (state.curve !== 'ed25519')
    throw new TypeError('additive Ed25519 derivation needs an Ed25519 key')
  let publicKey: Uint8Array = abytes(state.publicKey, 32, 'publicKey').slice()
  let chainCode: Uint8Array = abytes(state.chainCode, 32, 'chainCode').slice()
  let delta = 0n
  for (const i of parsePath(path)) {
    const I = hmac(sha512, chainCode, concatBytes(publicKey, u32be(i)))
    const step = bytesToBigLE(I.subarray(0, 32)) % curveInfo('ed25519').order
    const child = decodePoint('ed25519', publicKey, 'publicKey').add(mulBase('ed25519', step))
    if (child.is0()) throw new RangeError(`derived key is the identity at index ${i}`)
    publicKey = encodePoint('ed25519', child)
    chainCode = I.slice(32)
    delta = modN('ed25519', delta + step)
  }
  return { delta, publicKey, chainCode }
}
